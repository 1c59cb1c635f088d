package io.evapi.proxy.config;

import static java.util.Objects.requireNonNull;

/** Where something is in the config: file as given, line and column from 1. */
public record Position(String file, int line, int column) {

    public Position {
        requireNonNull(file, "file");
    }

    /** A whole file, as when the file itself cannot be read: prints as the file name alone. */
    public static Position file(String file) {
        return new Position(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
