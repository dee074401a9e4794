package org.metalr.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SpikeTest {
    @Test
    void spike() throws Exception {
        String dir = org.metalr.libtorch.SharedLibTorch.load();
        System.out.println("dir=" + dir);
        Engine e = Engine.getEngine("PyTorch");
        System.out.println("engine " + e.getVersion() + " " + e);
        try (NDManager m = e.newBaseManager()) {
            NDArray a = m.create(new double[] {1, 2, 3}, new Shape(3));
            System.out.println(a.mul(2.0).toDebugString(true));
        }
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            if (l.contains("torch") || l.contains("djl") || l.contains("c10")) System.out.println(l.substring(l.lastIndexOf(' ')));
        }
    }
}
