# Sourced by scripts/test-package.sh and scripts/test-template.sh: packing into a local folder under a version of the
# run's own (e.g. 0.1.0-consumer.1764936000.4242), so a stale copy of an earlier pack in the global NuGet cache is
# never restored instead, and a NuGet.config that puts that folder first.
#
#   local_package_init SUFFIX FOLDER   sets $version, $packages (emptied) and $nuget_cache
#   pack_local PROJECT                 packs PROJECT at $version into $packages
#   pack_modeldsl                      packs what `dotnet add package ModelDsl` restores: the ModelDsl meta-package and
#                                      ModelDsl.Abstractions, ModelDsl.Runtime and ModelDsl.Cli, which it brings
#   write_local_nuget_config DIR       writes DIR/NuGet.config: $packages, then every feed this machine already uses
#   remove_local_from_cache            removes $version of every ModelDsl package from the global NuGet cache; the
#                                      caller runs it when it is done (its EXIT trap)

local_package_init() {
  local base_version
  base_version=$(sed -n 's|.*<ModelDslVersion>\(.*\)</ModelDslVersion>.*|\1|p' Directory.Build.props)
  version="$base_version-$1.$(date +%s).$$"
  packages=$2
  nuget_cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  rm -rf "$packages"
}

pack_local() {
  dotnet pack "$1" -c Release -o "$packages" -p:ModelDslVersion="$version" -v:q -nologo
}

pack_modeldsl() {
  local project
  for project in src/ModelDsl.Abstractions src/ModelDsl src/ModelDsl.Cli src/ModelDsl.Package; do
    pack_local "$project"
  done
}

remove_local_from_cache() {
  local id
  for id in modeldsl modeldsl.abstractions modeldsl.runtime modeldsl.cli modeldsl.templates; do
    rm -rf "${nuget_cache:?}/$id/${version:?}"
  done
}

write_local_nuget_config() {
  # No <clear/>: TorchSharp and the rest still come from the machine's own feeds.
  cat > "$1/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="modeldsl-local" value="$packages" />
  </packageSources>
</configuration>
XML
}
