# Install the release on Windows
param(
    [string]$Version = "3.13.1",
    [switch]$Force
)

<# Downloads the installer
   and checks its hash #>
function Get-Installer {
    param([string]$Url, [string]$Path)
    Invoke-WebRequest -Uri $Url -OutFile $Path -UseBasicParsing
    return (Get-FileHash $Path -Algorithm SHA256).Hash
}

$url = "https://example.org/ftp/python/$Version/python-$Version-amd64.exe"
$hash = Get-Installer -Url $url -Path "$env:TEMP\python.exe"
if ($hash -ne $expected -and -not $Force) {
    Write-Error 'Hash mismatch'
    exit 1
} elseif ($null -eq $hash) {
    throw "no hash"
}
foreach ($i in 1..3) {
    Write-Host "attempt $i of 3"
}
$items = @(1, 2, 3) | Where-Object { $_ -gt 1 }
[System.IO.File]::Exists($env:TEMP) | Out-Null
