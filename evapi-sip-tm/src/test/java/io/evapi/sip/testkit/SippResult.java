package io.evapi.sip.testkit;

import java.nio.file.Path;

/**
 * Outcome of one sipp run: exit code (0 all calls succeeded, 1 some failed, 97/99/255 errors or nothing done),
 * call counters from its statistics file (-1 when unavailable), and where its output and traces are.
 */
public record SippResult(int exitCode, long successfulCalls, long failedCalls, boolean timedOut, Path workDir,
                         String output) {

    /** A one-paragraph description for assertion messages. */
    public String describe() {
        String tail = output.length() > 3000 ? output.substring(output.length() - 3000) : output;
        return "sipp exit=" + exitCode + " successful=" + successfulCalls + " failed=" + failedCalls
                + " killedAfterTimeout=" + timedOut + " dir=" + workDir + "\n" + tail + "\n" + Sipp.errors(workDir);
    }
}
