package io.evapi.proxy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzz target of the config reader: preprocessor, lexer, parser, settings, module loading and compiler. Any
 * text either compiles or is refused with a {@link ConfigException} (file:line:column errors); any other
 * exception or error, a hang or unbounded memory is a finding. {@code scripts/fuzz} runs it; CI replays the
 * saved inputs.
 */
class ConfigFuzzTest {
    // include/import read files and mpath scans directories: not what this target is about
    private static final Pattern FILE_ACCESS = Pattern.compile("(?i)include|import|mpath|loadpath");

    @FuzzTest(maxDuration = "60s")
    void anyTextCompilesOrIsRefusedWithPositions(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (FILE_ACCESS.matcher(text).find()) {
            return;
        }
        try {
            ConfigLoader.load(text, "fuzz.cfg", null);
        } catch (ConfigException e) {
            if (e.errors().isEmpty()) {
                throw new AssertionError("a refused config names no error");
            }
        }
    }
}
