package dev.autotune4j.dispatch;

import dev.autotune4j.api.AnswerType;
import dev.autotune4j.api.SameAnswer;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.internal.Log;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Whether answers are checked ({@code autotune4j.check}), and the check's rules for one op: its own tolerances, else the process-wide ones ({@code autotune4j.atol},
 * {@code autotune4j.rtol}), else each type's default; its own {@link AnswerType}s, then those registered with
 * {@link ServiceLoader}, then the built-in rules of {@link SameAnswer}.
 */
final class AnswerRules {
    private static final Log LOG = Log.get(AnswerRules.class);

    private volatile boolean enabled;
    private volatile double atol = Double.NaN;
    private volatile double rtol = Double.NaN;
    private volatile List<AnswerType<?>> registered;

    void setEnabled(boolean on) {
        enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    /** The process-wide tolerances; NaN for either: each type's default. */
    void setTolerance(double atol, double rtol) {
        SameAnswer.within(atol, rtol); // validates
        this.atol = atol;
        this.rtol = rtol;
    }

    SameAnswer forOp(TuningConfig config) {
        double a = Double.isNaN(config.atol()) ? atol : config.atol();
        double r = Double.isNaN(config.rtol()) ? rtol : config.rtol();
        List<AnswerType<?>> types = new ArrayList<>(config.answerTypes());
        types.addAll(registered());
        return SameAnswer.within(a, r).with(types);
    }

    /**
     * The types on the class path, loaded once. A provider that cannot load (the GPU's type without JCuda on the
     * class path) is left out with a debug line: its values cannot occur then.
     */
    private List<AnswerType<?>> registered() {
        List<AnswerType<?>> r = registered;
        if (r == null) {
            List<AnswerType<?>> found = new ArrayList<>();
            Set<ClassLoader> loaders = new LinkedHashSet<>();
            loaders.add(ClassLoader.getSystemClassLoader());
            if (AnswerType.class.getClassLoader() != null) {
                loaders.add(AnswerType.class.getClassLoader());
            }
            for (ClassLoader loader : loaders) {
                @SuppressWarnings("rawtypes")   // a service type is named by its raw class
                Iterator<AnswerType> it = ServiceLoader.load(AnswerType.class, loader).iterator();
                while (true) {
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        AnswerType<?> t = it.next();
                        if (found.stream().noneMatch(f -> f.getClass() == t.getClass())) {
                            found.add(t);
                        }
                    } catch (ServiceConfigurationError | LinkageError e) {
                        LOG.debug("autotune4j: an answer type could not be loaded, left out: {}", e.toString());
                    }
                }
            }
            registered = r = List.copyOf(found);
        }
        return r;
    }
}
