package io.evapi.proxy.config;

/**
 * One token of the config. {@code WORD} covers names and words such as {@code 127.0.0.1}; {@code PV} holds a
 * pseudo-variable's full text ({@code $fU}, {@code $var(x)}, {@code $(var(x){s.int})}); {@code STRING} holds the
 * literal's raw text between the quotes, escapes not yet resolved.
 */
public record Token(Type type, String text, Position position) {

    public enum Type { WORD, NUMBER, STRING, PV, PUNCT, EOF }

    public boolean is(String punct) {
        return type == Type.PUNCT && text.equals(punct);
    }

    public boolean isWord(String word) {
        return type == Type.WORD && text.equals(word);
    }

    public String describe() {
        return switch (type) {
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            case PV -> "pseudo-variable " + text;
            default -> "'" + text + "'";
        };
    }
}
