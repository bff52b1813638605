package dev.pyra.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold secrets (or lead to them): readable by their owner only, written whole or not at all. */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {}

    /** Writes through a temporary file created owner-only, then moves it into place. */
    public static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (posix(file.toAbsolutePath().getParent())) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(temp);
            }
            Files.write(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes group and other permissions away from an existing file or directory. */
    public static void restrict(Path path) {
        try {
            if (Files.exists(path) && posix(path)) {
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict the permissions of " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
