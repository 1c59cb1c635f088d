package io.evapi.proxy.modules.flatstore;

/** {@code flatstore:/path/file}: the path as written and the file it names, shared by every socket naming it. */
record FlatSocket(String path, FlatFile file) {
}
