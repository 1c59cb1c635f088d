package io.evapi.proxy.script;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Patterns of one {@code =~} whose regular expression comes from data ({@code $var(re)}, a header): compiled
 * once per distinct text rather than on every request. Bounded: data can hold any number of patterns, so past
 * {@link #CAPACITY} the cache starts over.
 */
final class PatternCache {
    static final int CAPACITY = 128;

    private final ConcurrentMap<String, Pattern> patterns = new ConcurrentHashMap<>();
    private final Function<String, Pattern> compiler;

    PatternCache(Function<String, Pattern> compiler) {
        this.compiler = compiler;
    }

    Pattern get(String regex) {
        Pattern p = patterns.get(regex);
        if (p == null) {
            p = compiler.apply(regex); // a bad one throws and is not kept
            if (patterns.size() >= CAPACITY) {
                patterns.clear();
            }
            patterns.put(regex, p);
        }
        return p;
    }

    int size() {
        return patterns.size();
    }
}
