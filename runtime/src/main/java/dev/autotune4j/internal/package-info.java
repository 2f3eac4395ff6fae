/** Internal: logging, logging once, named runners, the watchdog that abandons a hung tactic. Not exported. */
package dev.autotune4j.internal;
