package dev.autotune4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A (runner, tactic) that failed while tuning: thrown, hung, or unusable for the profile. */
@Name("dev.autotune4j.TacticFailed")
@Label("Tactic Failed")
@Category("autotune4j")
@Description("A runner or tactic failed while tuning a profile and was skipped")
public final class TacticFailedEvent extends jdk.jfr.Event {
    @Label("Op")
    public String op;

    @Label("Runner")
    public String runner;

    @Label("Tactic")
    public String tactic;

    @Label("Profile")
    public String profile;

    @Label("Reason")
    public String reason;
}
