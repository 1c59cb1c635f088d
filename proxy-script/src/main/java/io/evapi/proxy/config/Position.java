package io.evapi.proxy.config;

import static java.util.Objects.requireNonNull;

/** Where something is in the config: file as given, line and column from 1. */
public record Position(String file, int line, int column) {

    public Position {
        requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
