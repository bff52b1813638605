package dev.pyra.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./mvnw} on a machine with an older Java says what to do, instead of failing with the JVM's own error. */
class BuildWrapperTest {
    @TempDir
    Path oldJdk;

    @Test
    void theWrapperAsksForJava25WithTheFix() throws Exception {
        // a stand-in JDK 17: a `java` that answers as Java 17 does
        Path java = Files.createDirectories(oldJdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\necho 'openjdk version \"17.0.15\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(java, oldJdk.resolve("bin/javac"));

        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "mvnw").toAbsolutePath().normalize().toString(), "-v")
                .directory(Path.of("..").toAbsolutePath().normalize().toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", oldJdk.toString());
        Process mvnw = builder.start();
        String out = new String(mvnw.getInputStream().readAllBytes());
        assertThat(mvnw.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(mvnw.exitValue()).isEqualTo(1);
        assertThat(out).contains("Pyra builds with Java 25 or newer; " + oldJdk.resolve("bin/java") + " is Java 17.")
                .contains("export JAVA_HOME=").doesNotContain("Exception", "Unrecognized option");
    }
}
