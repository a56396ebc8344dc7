; Inno Setup 6 script: a per-user Windows installer for the one-folder bundle of packaging/dangjian.spec.
; Saved as UTF-8 with BOM so that ISCC reads the Chinese names right.
;
;     pyinstaller --noconfirm packaging\dangjian.spec      (makes dist\dangjian-desk\)
;     iscc packaging\dangjian.iss                          (makes dist\dangjian-desk-<version>-setup.exe)
;
; No administrator rights: it installs into %LOCALAPPDATA%\Programs\dangjian-desk. The user's data
; (database, backups, logs) lives in %LOCALAPPDATA%\dangjian-desk, outside the install folder: the
; uninstaller removes only the files it installed and never touches that folder.

#define AppName "街道党建工作台"
#define AppExe "dangjian-desk.exe"
#define Bundle AddBackslash(SourcePath) + "..\dist\dangjian-desk"
; The version the spec stamped into the executable from dangjian.__version__.
#define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")

#if AppVersion == ""
  #error dist\dangjian-desk\dangjian-desk.exe not found or has no version: run pyinstaller packaging\dangjian.spec first
#endif
#if !FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #error packaging\ChineseSimplified.isl is missing: it is an unofficial translation, see packaging\README.md
#endif

[Setup]
; Never change AppId: upgrades find the installed version by it.
AppId={{5C1D2E7A-3F4B-4E8D-9A61-2B7C0D9E4F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\dangjian-desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later.
MinVersion=10.0
OutputDir={#Bundle}\..
OutputBaseFilename=dangjian-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; Close a running copy (Restart Manager) before files are replaced on upgrade.
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the runtime folder whole, so no library of the previous version lingers in it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: %LOCALAPPDATA%\dangjian-desk (the database and its backups)
; must survive uninstalling and reinstalling; the app upgrades the database itself, with a backup first.
