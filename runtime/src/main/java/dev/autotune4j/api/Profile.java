package dev.autotune4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The shapes of all inputs of one tuning point: for each input, its dimensions (empty for a shapeless input). */
public final class Profile {
    private final List<List<Dim>> shapes;

    public Profile(List<List<Dim>> shapes) {
        List<List<Dim>> copy = new ArrayList<>(shapes.size());
        for (List<Dim> shape : shapes) {
            copy.add(List.copyOf(shape));
        }
        this.shapes = Collections.unmodifiableList(copy);
    }

    /** A profile of fixed dimensions only, as the live inputs have them. */
    public static Profile ofStatic(long[][] shapes) {
        List<List<Dim>> list = new ArrayList<>(shapes.length);
        for (long[] shape : shapes) {
            List<Dim> dims = new ArrayList<>(shape.length);
            for (long d : shape) {
                dims.add(new Dim.Static(d));
            }
            list.add(dims);
        }
        return new Profile(list);
    }

    public List<List<Dim>> shapes() {
        return shapes;
    }

    /** The shapes the profile is timed at. */
    public long[][] optShapes() {
        long[][] out = new long[shapes.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Dim> shape = shapes.get(i);
            out[i] = new long[shape.size()];
            for (int d = 0; d < out[i].length; d++) {
                out[i][d] = shape.get(d).opt();
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && p.shapes.equals(shapes);
    }

    @Override
    public int hashCode() {
        return shapes.hashCode();
    }

    @Override
    public String toString() {
        return shapes.toString();
    }
}
