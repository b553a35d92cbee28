#!/usr/bin/env bash
# The package as a user gets it: packs ModelDsl (and the packages it brings) into a local folder, then builds and runs tests/PackageConsumer
# (a console app that references only the ModelDsl package) for net8.0 and net10.0, outside the repository so none
# of its Directory.Build.* files help. The app declares a model, trains a few steps on random data and prints its
# summary; on Debian 12 / Ubuntu 22.04 libtorch loads only if the package's buildTransitive step patched the output.
# On net10.0 it is also built against ModelDsl.Runtime alone (no command line, no plotting in its output folder).
#
# Each run packs a version of its own (e.g. 0.1.0-consumer.1764936000.4242) and removes it from the global NuGet
# cache afterwards, so a stale copy of an earlier pack can never be restored instead.
#
# .NET 8: the app runs on a real .NET 8 runtime. If none is installed (Debian 12's apt has no dotnet-runtime-8.0 and
# Microsoft's apt feed is not reachable here), it is built self-contained for this machine's RID, which restores
# the .NET 8 runtime pack from NuGet instead of rolling forward to a newer runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
start=$(date +%s)

source scripts/local-package.sh
local_package_init consumer "$repo/artifacts/consumer-packages"
app=$(mktemp -d "${TMPDIR:-/tmp}/modeldsl-consumer.XXXXXX")
cleanup() {
  rm -rf "$app"
  remove_local_from_cache
}
trap cleanup EXIT

echo "== packing ModelDsl $version into $packages"
pack_modeldsl

cp tests/PackageConsumer/PackageConsumer.csproj tests/PackageConsumer/Program.cs "$app/"
write_local_nuget_config "$app"

# Evidence that the package's buildTransitive step ran on this output: where the system libstdc++ lacks
# GLIBCXX_3.4.32 the output's copy has that need marked WEAK; elsewhere it is left as TorchSharp ships it.
show_libstdcxx_need() {
  command -v readelf >/dev/null || return 0
  local lib
  lib=$(find "$1" -name libLibTorchSharp.so | head -n 1)
  [ -n "$lib" ] && readelf -V "$lib" | grep 'Name: GLIBCXX_3.4.32' | sed 's|^ *[0-9a-fx]*: *|   libLibTorchSharp.so in the output: |' || true
}

cd "$app"
# Hard links keep the ~480 MB of libtorch out of each output folder; the patch step renames over its copy, so the
# NuGet cache stays untouched (docs/native-libtorch.md).
build=(dotnet build -c Release -nologo -v:q -p:ModelDslPackageVersion="$version" -p:CreateHardLinksForCopyLocalIfPossible=true)

echo "== net10.0: build and run"
"${build[@]}" -f net10.0
show_libstdcxx_need bin/Release/net10.0
dotnet bin/Release/net10.0/PackageConsumer.dll
# The generated RunAsync (ModelDsl.Cli, which the ModelDsl package brings) runs the summary command.
dotnet bin/Release/net10.0/PackageConsumer.dll summary | grep -q 'Total params: 8,841' || { echo "RunAsync summary did not print the model"; exit 1; }

echo "== net10.0 against ModelDsl.Runtime alone: the same model, trained, with no command line or plotting in the output"
"${build[@]}" -f net10.0 -p:ModelDslPackageId=ModelDsl.Runtime -o "$app/runtime-only"
dotnet "$app/runtime-only/PackageConsumer.dll"
for assembly in ModelDsl.Cli.dll System.CommandLine.dll ScottPlot.dll; do
  if [ -e "$app/runtime-only/$assembly" ]; then echo "an app on ModelDsl.Runtime alone got $assembly"; exit 1; fi
done

echo "== net8.0: build and run"
if dotnet --list-runtimes | grep -q '^Microsoft.NETCore.App 8\.'; then
  "${build[@]}" -f net8.0
  show_libstdcxx_need bin/Release/net8.0
  dotnet bin/Release/net8.0/PackageConsumer.dll
else
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64) rid=linux-arm64 ;;
    *) echo "no .NET 8 runtime installed and no runtime pack for $(uname -m)"; exit 1 ;;
  esac
  echo "   (no .NET 8 runtime installed: building self-contained for $rid with the .NET 8 runtime pack)"
  "${build[@]}" -f net8.0 -r "$rid" --self-contained
  show_libstdcxx_need "bin/Release/net8.0/$rid"
  "bin/Release/net8.0/$rid/PackageConsumer"
fi

echo "== package consumer test took $(( $(date +%s) - start ))s"
