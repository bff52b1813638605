package dev.pyra.core.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.PyraException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondInstanceOnTheSameDataDirectoryIsRefusedClearly() {
        try (InstanceLock first = InstanceLock.acquire(dir.resolve("pyra.lock"))) {
            assertThatThrownBy(() -> InstanceLock.acquire(dir.resolve("pyra.lock")))
                    .isInstanceOf(PyraException.class)
                    .hasMessageContaining("is in use by another running Pyra")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleased() {
        InstanceLock.acquire(dir.resolve("pyra.lock")).close();
        InstanceLock.acquire(dir.resolve("pyra.lock")).close();
    }
}
