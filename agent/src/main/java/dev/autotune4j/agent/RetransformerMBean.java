package dev.autotune4j.agent;

/**
 * The agent as JMX shows it ({@code autotune4j:type=Agent}). The runtime lives in the application's class
 * loader and cannot call the agent directly; it asks through this bean when a method is registered for
 * tuning after its class was loaded.
 */
public interface RetransformerMBean {

    /** Retransforms the loaded classes of this name (every class loader), so that registered methods are rewritten. */
    int retransform(String className);

    /** The registered targets the agent knows, {@code class#method(params)}, separated by a space. */
    String getTargets();
}
