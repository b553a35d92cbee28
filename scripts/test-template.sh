#!/usr/bin/env bash
# The `dotnet new` template as a user gets it: packs ModelDsl and ModelDsl.Templates (src/ModelDsl.Templates) into a local folder,
# installs the template into a throwaway template hive (--debug:custom-hive, so this machine's `dotnet new` list is
# untouched), creates `dotnet new modeldsl-classifier -n TemplateCheck` in a temporary folder outside the repository,
# points it at the local folder with a NuGet.config, builds it and runs `summary` and a tiny `train` on the shared IMDB
# reviews (only `summary` when ../shared is absent). Also checks that `--framework net8.0` and the default ModelDsl
# version (baked in at pack time from Directory.Build.props) land in the generated project.
#
# Like scripts/test-package.sh, each run packs a version of its own (scripts/local-package.sh) and removes it from the
# global NuGet cache afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
start=$(date +%s)

source scripts/local-package.sh
local_package_init template "$repo/artifacts/template-packages"
data="$repo/../shared/datasets/raschka_movie_data/movie_data.csv.gz"
work=$(mktemp -d "${TMPDIR:-/tmp}/modeldsl-template.XXXXXX")
hive="$work/hive"
cleanup() {
  rm -rf "$work"
  remove_local_from_cache
}
trap cleanup EXIT
fail() { echo "template check: $*"; exit 1; }

echo "== packing ModelDsl and ModelDsl.Templates $version into $packages"
pack_modeldsl
pack_local src/ModelDsl.Templates

echo "== dotnet new install (hive $hive)"
dotnet new install "$packages/ModelDsl.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null
mkdir "$work/apps"
cd "$work/apps"
new=(dotnet new modeldsl-classifier --no-restore --debug:custom-hive "$hive")

# The options: --framework net8.0 and --modeldsl-version reach the project file (not built here; test-package.sh
# already builds a net8.0 consumer of the package).
"${new[@]}" -n Net8Check -f net8.0 --modeldsl-version 9.9.9 >/dev/null
grep -q '<TargetFramework>net8.0</TargetFramework>' Net8Check/Net8Check.csproj || fail "--framework net8.0 did not reach Net8Check.csproj"
grep -q 'Include="ModelDsl" Version="9.9.9"' Net8Check/Net8Check.csproj || fail "--modeldsl-version did not reach Net8Check.csproj"

echo "== dotnet new modeldsl-classifier -n TemplateCheck"
"${new[@]}" -n TemplateCheck
cd TemplateCheck
ls -A
for file in TemplateCheck.csproj TemplateCheckModel.cs Program.cs README.md; do
  test -s "$file" || fail "the template did not write $file"
done
grep -q '<TargetFramework>net10.0</TargetFramework>' TemplateCheck.csproj || fail "the default framework is not net10.0"
grep -q "Include=\"ModelDsl\" Version=\"$version\"" TemplateCheck.csproj || fail "the default ModelDsl version is not $version"
grep -q 'namespace TemplateCheck;' TemplateCheckModel.cs || fail "the namespace was not renamed"

write_local_nuget_config .

echo "== build"
# Hard links keep the ~480 MB of libtorch out of the output folder (docs/native-libtorch.md).
dotnet build -c Release -nologo -v:q -p:CreateHardLinksForCopyLocalIfPossible=true
app=(dotnet bin/Release/net10.0/TemplateCheck.dll)

echo "== summary"
summary=$("${app[@]}" summary)
echo "$summary"
grep -q 'Model: "TemplateCheckModel"' <<<"$summary" || fail "summary does not name TemplateCheckModel"

if [ -f "$data" ]; then
  echo "== train --limit 300 --epochs 1"
  "${app[@]}" train --data "$data" --limit 300 --epochs 1 --out "$work/run"
  for file in model.mdsl history.csv; do
    test -s "$work/run/$file" || fail "train did not write $file"
  done
else
  echo "== $data is absent: ran summary only, no train"
fi

echo "== template test took $(( $(date +%s) - start ))s"
