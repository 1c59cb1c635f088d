package io.evapi.proxy.modules.xmlrpc;

/** What every destination needs to know of the module's parameters. */
record XmlRpcSettings(boolean struct, boolean sync, int timeoutMillis, int queueSize, int connections) {
}
