package io.evapi.sip.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the cumulative call counters from the last row of sipp's {@code -trace_stat} CSV file. */
final class SippStats {

    private SippStats() {
    }

    /** {successful, failed}; -1 each when no statistics file was written. */
    static long[] lastCounters(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Path csv = files.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
            if (csv == null) {
                return new long[] {-1, -1};
            }
            List<String> lines = Files.readAllLines(csv, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (lines.size() < 2) {
                return new long[] {-1, -1};
            }
            String[] header = lines.get(0).split(";");
            String[] last = lines.get(lines.size() - 1).split(";");
            return new long[] {column(header, last, "SuccessfulCall(C)"), column(header, last, "FailedCall(C)")};
        } catch (IOException e) {
            return new long[] {-1, -1};
        }
    }

    private static long column(String[] header, String[] row, String name) {
        for (int i = 0; i < header.length && i < row.length; i++) {
            if (header[i].trim().equals(name)) {
                try {
                    return Long.parseLong(row[i].trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
