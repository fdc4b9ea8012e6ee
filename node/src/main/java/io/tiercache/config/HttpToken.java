package io.tiercache.config;

/** The RFC 9110 §5.6.2 {@code token} grammar, which header names (and cookie names) must follow. */
public final class HttpToken {
    private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpToken() {
    }

    public static boolean isValid(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || SYMBOLS.indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** Returns the name unchanged, or throws naming what it was meant to be. */
    static String require(String name, String what) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid " + what
                    + "; use letters, digits and !#$%&'*+-.^_`|~ only");
        }
        return name;
    }
}
