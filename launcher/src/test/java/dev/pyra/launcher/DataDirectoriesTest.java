package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default data directory: ~/.pyra for the folder, each system's convention once installed, an existing ~/.pyra kept. */
class DataDirectoriesTest {
    @TempDir
    Path home;

    @Test
    void theFolderAndABuildKeepTheirDataInDotPyra() {
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Linux", Map.of(), false)).isEqualTo(home.resolve(".pyra"));
    }

    @Test
    void anInstalledPyraFollowsEachSystemsConvention() {
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Linux", Map.of(), true)).isEqualTo(home.resolve(".local/share/pyra"));
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Linux", Map.of("XDG_DATA_HOME", "/data/me"), true))
                .isEqualTo(Path.of("/data/me/pyra"));
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Mac OS X", Map.of(), true))
                .isEqualTo(home.resolve("Library/Application Support/Pyra"));
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Windows 11", Map.of("LOCALAPPDATA", "C:\\Users\\me\\AppData\\Local"), true))
                .isEqualTo(Path.of("C:\\Users\\me\\AppData\\Local", "Pyra"));
    }

    @Test
    void anExistingDotPyraIsKeptAfterInstalling() throws Exception {
        Files.createDirectories(home.resolve(".pyra"));
        assertThat(DataDirectories.defaultDirectory(home.toString(), "Linux", Map.of(), true)).isEqualTo(home.resolve(".pyra"));
    }
}
