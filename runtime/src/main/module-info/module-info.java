/**
 * The autotune4j runtime: what an application calls, and what the agent's rewritten methods link to.
 *
 * <p>Exported, each for a reason a user has:
 * <ul>
 *   <li>{@code api}: the annotations, runners, configs and shape readers an application writes against;</li>
 *   <li>{@code dispatch}: {@code AutoTuner} (the entry point), {@code TunableOp}, {@code TuningSession} and the
 *       statistics;</li>
 *   <li>{@code binding}: {@code TunableTargets}, to tune a library's methods without annotations, and
 *       {@code CallSites}, the bootstrap every rewritten method links to from the application's own module;</li>
 *   <li>{@code measure}: {@code TimingSettings}, and {@code TacticTimer} for timer plugins;</li>
 *   <li>{@code cuda}: device tensors, streams and kernels, for GPU users (JCuda is theirs to add).</li>
 * </ul>
 * Internal, not exported: the cache file ({@code cache}), shapes and keys ({@code profile}), settings and the JMX
 * bean's interface ({@code control}, open to JMX only), logging, threads and JFR events ({@code internal}).
 *
 * <p>On the class path, the usual way, this descriptor is not read; the package javadoc of each internal package
 * says that it is internal. {@code ModulePathIT} runs an application with the runtime on the module path.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})   // JCuda has no descriptor
module dev.autotune4j.runtime {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.management;
    requires jdk.jfr;
    // the cuda package's API speaks JCuda's types (streams, device pointers); GPU users add JCuda themselves
    requires static transitive jcuda;

    exports dev.autotune4j.api;
    exports dev.autotune4j.dispatch;
    exports dev.autotune4j.binding;
    exports dev.autotune4j.measure;
    exports dev.autotune4j.cuda;
    // the platform MBean server reads the tuner bean's interface reflectively
    exports dev.autotune4j.control to java.management;
    // JFR reads the event classes' fields and annotations
    exports dev.autotune4j.internal.events to jdk.jfr;

    uses dev.autotune4j.measure.TacticTimer;
    uses dev.autotune4j.api.AnswerType;
    uses dev.autotune4j.dispatch.TuningGroup.Provider;
    provides dev.autotune4j.measure.TacticTimer with dev.autotune4j.cuda.CudaTimer;
    provides dev.autotune4j.api.AnswerType with dev.autotune4j.cuda.DeviceTensorAnswers;
}
