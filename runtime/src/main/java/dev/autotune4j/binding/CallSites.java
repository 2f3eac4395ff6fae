package dev.autotune4j.binding;

import dev.autotune4j.control.AgentProtocol.Setting;
import dev.autotune4j.control.Settings;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.internal.Log;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bootstrap methods of the invokedynamic instructions the agent writes into {@code @Tunable} methods.
 * They are resolved through the class's own loader, so they reach the runtime wherever the application
 * keeps it (plain classpath, a fat jar's nested jars, a child loader): the class already depends on it for
 * the annotations. A bootstrap never throws: if the method cannot be bound, its route is always 0, so it
 * runs its body, and the reason is logged once.
 */
public final class CallSites {
    private static final Log LOG = Log.get(CallSites.class);

    /** Per class: method name + descriptor to its site. */
    private static final ClassValue<ConcurrentHashMap<String, RewrittenMethod>> SITES = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, RewrittenMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private CallSites() {
    }

    /**
     * Links call sites off the request path when tuning runs in the background (a service): see {@link #route}.
     * One daemon thread, so linking never competes with itself and never keeps the JVM alive.
     */
    private static final ExecutorService LINKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "autotune4j-linker");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code route(args) -> int}. Binding a method and building its specialized handles takes tens to hundreds of
     * milliseconds in a JVM that has just had the agent attached (cold method handles, the runtime starting). A
     * service must not make a request wait for that: when tuning runs in the background, the site starts as
     * "run the body" (route 0, uncounted, what the method did before the agent came) and the real route replaces
     * it once the linker thread has built it. A program that tunes inline links here, so its first call is routed.
     */
    public static CallSite route(MethodHandles.Lookup caller, String name, MethodType type, String method,
                                 String descriptor) {
        if (!linksInBackground()) {
            return link(caller, type, method, descriptor);
        }
        MutableCallSite site = new MutableCallSite(bodyOnly(type));
        LINKER.execute(() -> {
            site.setTarget(link(caller, type, method, descriptor).getTarget());
            MutableCallSite.syncAll(new MutableCallSite[] {site});
        });
        return site;
    }

    /** Whether sites link off the request path: when tuning runs in the background (a service). */
    static boolean linksInBackground() {
        return "background".equals(Setting.TUNING.choice(Settings.get(Setting.TUNING.property())));
    }

    /** Runs {@code task} on the linker thread. */
    static void later(Runnable task) {
        LINKER.execute(task);
    }

    private static MethodHandle bodyOnly(MethodType type) {
        return MethodHandles.dropArguments(MethodHandles.constant(int.class, 0), 0, type.parameterList());
    }

    private static CallSite link(MethodHandles.Lookup caller, MethodType type, String method, String descriptor) {
        try {
            RewrittenMethod site = site(caller, method, descriptor, invokeType(type, caller, method, descriptor));
            if (site.op() != null) {
                return new ConstantCallSite(site.routeHandle(type));
            }
        } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
            LOG.error("autotune4j: cannot route {}.{}{} ({}); it runs its body", caller.lookupClass().getName(), method,
                    descriptor, e.toString(), e);
        }
        return new ConstantCallSite(bodyOnly(type));
    }

    /** {@code invoke(route, args) -> R}. */
    public static CallSite invoke(MethodHandles.Lookup caller, String name, MethodType type, String method,
                                  String descriptor) {
        try {
            return site(caller, method, descriptor, type).invoke;
        } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
            LOG.error("autotune4j: cannot link {}.{}{} ({})", caller.lookupClass().getName(), method, descriptor,
                    e.toString(), e);
            MethodHandle fail = MethodHandles.throwException(type.returnType(), IllegalStateException.class)
                    .bindTo(new IllegalStateException("autotune4j: " + method + " could not be linked"));
            return new ConstantCallSite(MethodHandles.dropArguments(fail, 0, type.parameterList()));
        }
    }

    private static MethodType invokeType(MethodType routeType, MethodHandles.Lookup caller, String method,
                                         String descriptor) {
        MethodType declared = MethodType.fromMethodDescriptorString(descriptor, caller.lookupClass().getClassLoader());
        return routeType.changeReturnType(declared.returnType()).insertParameterTypes(0, int.class);
    }

    private static RewrittenMethod site(MethodHandles.Lookup caller, String method, String descriptor, MethodType invokeType)
            throws ReflectiveOperationException {
        ConcurrentHashMap<String, RewrittenMethod> sites = SITES.get(caller.lookupClass());
        String key = method + descriptor;
        RewrittenMethod site = sites.get(key);
        if (site != null) {
            return site;
        }
        synchronized (sites) {
            site = sites.get(key);
            if (site == null) {
                site = new RewrittenMethod(caller.lookupClass().getName() + "." + method, invokeType);
                Method target = find(caller.lookupClass(), method, descriptor);
                try {
                    MethodBinder.bind(site, caller, target, AutoTuner.get());
                } catch (IllegalArgumentException e) {
                    LOG.error("autotune4j: {}; it runs its body", e.getMessage());
                }
                sites.put(key, site);
            }
            return site;
        }
    }

    private static Method find(Class<?> owner, String name, String descriptor) throws NoSuchMethodException {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(name)
                    && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
                return m;
            }
        }
        throw new NoSuchMethodException(owner.getName() + "." + name + descriptor);
    }
}
