package io.evapi.proxy.script;

import io.evapi.proxy.config.Position;

/** A compiled statement; immutable, run by many threads at once. */
interface Node {

    Flow exec(Run run);

    Position position();
}
