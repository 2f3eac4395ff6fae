package dev.autotune4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A shape with no tuned choice, first seen (later calls of it are counted in the statistics, not recorded). */
@Name("dev.autotune4j.ReplayMiss")
@Label("Replay Miss")
@Category("autotune4j")
@Description("A call whose shape has no tuned choice: it ran the fallback (or was queued for the background tuner)")
public final class ReplayMissEvent extends jdk.jfr.Event {
    @Label("Op")
    public String op;

    @Label("Shape")
    public String shape;

    @Label("Queued")
    public boolean queued;
}
