package dev.autotune4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One tuning pass of an op, from its first profile to its last, on the thread that ran it. */
@Name("dev.autotune4j.TuningPass")
@Label("Tuning Pass")
@Category("autotune4j")
@Description("An op's tuning pass: the profiles it tuned, in the background or on the caller's thread")
public final class TuningPassEvent extends jdk.jfr.Event {
    @Label("Op")
    public String op;

    @Label("Profiles Tuned")
    public int tuned;

    @Label("Profiles Considered")
    public int profiles;

    @Label("Background")
    public boolean background;
}
