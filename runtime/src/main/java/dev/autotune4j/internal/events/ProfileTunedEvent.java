package dev.autotune4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One profile tuned: the winner and the times that decided it. */
@Name("dev.autotune4j.ProfileTuned")
@Label("Profile Tuned")
@Category("autotune4j")
@Description("A profile (shape bucket) of an op tuned: the winning runner and tactic, its time and the fallback's")
public final class ProfileTunedEvent extends jdk.jfr.Event {
    @Label("Op")
    public String op;

    @Label("Profile")
    public String profile;

    @Label("Runner")
    public String runner;

    @Label("Tactic")
    public String tactic;

    @Label("Winner Time")
    @Timespan(Timespan.NANOSECONDS)
    public long nanos;

    @Label("Fallback Time")
    @Timespan(Timespan.NANOSECONDS)
    public long fallbackNanos;
}
