/**
 * The Management Interface for plugins, after OpenSIPS's MI: {@link io.evapi.proxy.spi.mi.MiCommands}, a
 * registry any module adds commands to, executed by the MI transports (mi_http). JDK only. See {@code docs/mi.md}.
 */
package io.evapi.proxy.spi.mi;
