#!/usr/bin/env bash
# The output-folder size of the smallest app that declares, trains and summarizes a model, built against a local pack
# of a ModelDsl checkout: what a user's `bin/` gets from each package.
#
#   benchmarks/Footprint/measure.sh [--repo DIR] PACKAGE_ID...
#
# Packs every project under DIR/src (default: this checkout; the template excepted) into a throwaway folder, then for
# each PACKAGE_ID builds MinimalModel (outside the repository) referencing only that package, runs it, and prints
# the folder's apparent size: in total, libtorch's and TorchSharp's native libraries, SkiaSharp/HarfBuzz's (the plots'),
# and the managed assemblies one by one. Run it on two checkouts to compare before and after a change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ "${1:-}" = "--repo" ]; then repo=$(cd "$2" && pwd); shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--repo DIR] PACKAGE_ID..."; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/modeldsl-footprint.XXXXXX")
base_version=$(sed -n 's|.*<ModelDslVersion>\(.*\)</ModelDslVersion>.*|\1|p' "$repo/Directory.Build.props")
version="$base_version-footprint.$(date +%s).$$"
nuget_cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
cleanup() { rm -rf "$work"; for id in modeldsl modeldsl.abstractions modeldsl.runtime modeldsl.cli; do rm -rf "$nuget_cache/$id/$version"; done; }
trap cleanup EXIT

echo "== packing $repo at $version"
for project in "$repo"/src/*/*.csproj; do
  case "$project" in *Templates*) continue ;; esac
  dotnet pack "$project" -c Release -o "$work/packages" -p:ModelDslVersion="$version" -v:q -nologo >/dev/null
done
ls "$work/packages"

megabytes() { awk '{ s += $1 } END { printf "%.1f MB", s / 1048576 }'; }

for id in "$@"; do
  app="$work/app-$id"
  mkdir -p "$app"
  cp "$here/MinimalModel.csproj.txt" "$app/MinimalModel.csproj"
  cp "$here/Program.cs.txt" "$app/Program.cs"
  printf '<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$work/packages" > "$app/NuGet.config"
  (cd "$app" && dotnet build -c Release -nologo -v:q -p:ModelDslPackageId="$id" -p:ModelDslPackageVersion="$version" >/dev/null \
     && dotnet bin/Release/net10.0/MinimalModel.dll >/dev/null) || { echo "$id: the minimal app did not build or run"; exit 1; }
  out="$app/bin/Release/net10.0"
  files=$(cd "$out" && find . -type f -printf '%s %p\n')
  plots=$(grep -Ei 'skia|harfbuzz' <<<"$files" || true)
  natives=$(grep -E '/runtimes/|\.so$' <<<"$files" | grep -viE 'skia|harfbuzz' || true)
  managed=$(grep -E '\.dll$' <<<"$files" | grep -v '/runtimes/' || true)
  echo "== $id: $(wc -l <<<"$files") files, $(megabytes <<<"$files") in $out"
  echo "   libtorch and TorchSharp natives: $(megabytes <<<"$natives")"
  echo "   SkiaSharp/HarfBuzz natives:      $(megabytes <<<"$plots")"
  echo "   managed assemblies:              $(megabytes <<<"$managed") ($(grep -c . <<<"$managed") files)"
  echo "   managed assemblies, by name:"
  awk '{ printf "     %7.2f MB  %s\n", $1 / 1048576, $2 }' <<<"$managed" | sort -k3
done
