package io.evapi.proxy.modules.stream;

/**
 * What every destination needs to know of the module's parameters.
 *
 * @param eventParam the {@code event_param} key, or null when unset
 */
record StreamSettings(boolean reliable, int timeoutMillis, int connectTimeoutMillis, int queueSize,
        String eventParam) {
}
