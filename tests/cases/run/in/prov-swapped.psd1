# The aliases of prov.psd1 with other types behind them: a plan made with
# prov.psd1 must not run on these.
@{
  Providers = @{
    Identity      = @{ Type = 'MockDirectorySync' }
    DirectorySync = @{ Type = 'Mock' }
  }
}
