package io.evapi.proxy.plugin;

/** A module that a config names cannot be loaded; the message says why and what to do. */
public final class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }
}
