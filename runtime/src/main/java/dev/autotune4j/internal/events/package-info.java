/** Internal: the JDK Flight Recorder events of tuning. Exported to {@code jdk.jfr} only, which reads them. */
package dev.autotune4j.internal.events;
