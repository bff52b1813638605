@echo off
rem Starts Pyra on Windows. Flags: bin\pyra.cmd --help. Runs on the Java runtime bundled in runtime\ (no Java needs
rem to be installed); without one (a build for developers) on %JAVA_HOME%\bin\java.exe or java, Java 25 or newer.
setlocal
set "APP_HOME=%~dp0.."
if exist "%APP_HOME%\runtime\bin\java.exe" (
  set "JAVA=%APP_HOME%\runtime\bin\java.exe"
) else if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java"
)
"%JAVA%" -XX:Tier4BackEdgeThreshold=400000 %PYRA_OPTS% --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "-Dpyra.home=%APP_HOME%" -cp "%APP_HOME%\lib\*" dev.pyra.launcher.Main %*
exit /b %ERRORLEVEL%
