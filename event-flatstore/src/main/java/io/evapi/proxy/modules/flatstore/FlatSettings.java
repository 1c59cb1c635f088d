package io.evapi.proxy.modules.flatstore;

import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The module's parameters as the files use them.
 *
 * @param escapeDelimiter null when unset
 * @param permissions     the mode new files are created with (the umask applies, as to OpenSIPS's open(2))
 * @param rotateCount     lines after which a file rotates, 0 never
 * @param rotateSize      bytes after which a file rotates, 0 never
 */
record FlatSettings(String delimiter, String escapeDelimiter, boolean suppressEventName,
        Set<PosixFilePermission> permissions, FileAttribute<Set<PosixFilePermission>> permissionsAttribute,
        long rotateCount, long rotateSize, Suffix suffix, int queueSize, int maxOpenFiles) {
}
