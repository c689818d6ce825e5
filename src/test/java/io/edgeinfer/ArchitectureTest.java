package io.edgeinfer;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, enforced: no package depends on another in a cycle, and
 * every dependency runs down the layers (a package may use the ones below it, never the ones above).
 */
class ArchitectureTest {
    /**
     * Top to bottom. A layer may use every layer below it; packages within one layer may use each
     * other as long as no cycle forms.
     */
    static final List<String[]> LAYERS = List.of(
            new String[]{"cli", "io.edgeinfer.cli.."},
            new String[]{"bench", "io.edgeinfer.bench.."},
            new String[]{"app", "io.edgeinfer.app.."},
            new String[]{"web", "io.edgeinfer.web.."},
            new String[]{"capture", "io.edgeinfer.capture.."},
            new String[]{"control", "io.edgeinfer.control.."},
            new String[]{"telemetry", "io.edgeinfer.telemetry.."},
            new String[]{"mqtt", "io.edgeinfer.mqtt.."},
            new String[]{"outbox", "io.edgeinfer.outbox.."},
            new String[]{"inputs", "io.edgeinfer.sensor..", "io.edgeinfer.hardware..", "io.edgeinfer.camera.."},
            new String[]{"pipeline", "io.edgeinfer.pipeline.."},
            new String[]{"anomaly", "io.edgeinfer.anomaly.."},
            new String[]{"config", "io.edgeinfer.config.."},
            new String[]{"model", "io.edgeinfer.model.."},
            new String[]{"data", "io.edgeinfer.data.."},
            new String[]{"platform", "io.edgeinfer.platform..", "io.edgeinfer.systemd.."});

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.edgeinfer");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.edgeinfer.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dependenciesRunDownTheLayers() {
        layers().check(classes);
    }

    @Test
    void everyMainPackageHasALayer() {
        List<String> known = new ArrayList<>();
        LAYERS.forEach(l -> known.addAll(Arrays.asList(l).subList(1, l.length)));
        ArchRuleDefinition.classes()
                .that().resideInAPackage("io.edgeinfer..")
                .and().resideOutsideOfPackage("io.edgeinfer")
                .should().resideInAnyPackage(known.toArray(String[]::new))
                .because("a new package takes its place in ArchitectureTest.LAYERS and docs/architecture.md")
                .check(classes);
    }

    static ArchRule layers() {
        LayeredArchitecture arch = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] l : LAYERS) {
            arch = arch.layer(l[0]).definedBy(Arrays.copyOfRange(l, 1, l.length));
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] below = LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> l[0]).toArray(String[]::new);
            arch = arch.whereLayer(LAYERS.get(i)[0]).mayOnlyAccessLayers(below);
        }
        return arch.whereLayer(LAYERS.get(LAYERS.size() - 1)[0]).mayNotAccessAnyLayer();
    }
}
