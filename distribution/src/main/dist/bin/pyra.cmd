@echo off
rem Starts Pyra on Windows. Flags: bin\pyra.cmd --help. Uses %JAVA_HOME%\bin\java when JAVA_HOME is set (Java 25+).
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" %PYRA_OPTS% --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "-Dpyra.home=%APP_HOME%" -cp "%APP_HOME%\lib\*" dev.pyra.launcher.Main %*
exit /b %ERRORLEVEL%
