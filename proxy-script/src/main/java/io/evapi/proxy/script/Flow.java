package io.evapi.proxy.script;

/** How a statement ended: go on, leave the loop or switch, leave the route, or end the whole run. */
enum Flow { NEXT, BREAK, RETURN, EXIT, DROP }
