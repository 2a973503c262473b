package org.matricula.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import java.util.Set;

/**
 * The structure rules of the platform, over a root package so the same rules run on the platform
 * and, in {@link ArchitectureTest}, on small sets of classes built to break them.
 */
public final class ArchitectureRules {

    /** The kernel: HTTP plumbing, views and the signed-in user, refusals, configuration, database. */
    public static final List<String> KERNEL = List.of("http", "web", "i18n", "errors", "config", "db");
    /** The kernel packages that face HTTP, and so may use JAX-RS throughout. */
    public static final List<String> HTTP_KERNEL = List.of("http", "web");
    /**
     * Known exceptions, kept short on purpose: the admin-list engine answers for the list
     * resources of several features (query string in, page or CSV response out). Turning its
     * parameters into plain maps and its answers into values is open work.
     */
    public static final List<String> JAX_RS_ALLOWED = List.of("lists.AdminList");

    private static final Set<String> RESOURCE_METHOD_ANNOTATIONS = Set.of("jakarta.ws.rs.Path", "jakarta.ws.rs.GET",
            "jakarta.ws.rs.POST", "jakarta.ws.rs.PUT", "jakarta.ws.rs.DELETE", "jakarta.ws.rs.PATCH",
            "jakarta.ws.rs.HEAD", "jakarta.ws.rs.OPTIONS");
    private static final List<Class<?>> PROVIDERS = List.of(jakarta.ws.rs.container.ContainerRequestFilter.class,
            jakarta.ws.rs.container.ContainerResponseFilter.class, jakarta.ws.rs.container.DynamicFeature.class,
            jakarta.ws.rs.core.Feature.class, jakarta.ws.rs.ext.ExceptionMapper.class,
            jakarta.ws.rs.ext.ContextResolver.class, jakarta.ws.rs.ext.MessageBodyReader.class,
            jakarta.ws.rs.ext.MessageBodyWriter.class, jakarta.ws.rs.ext.ReaderInterceptor.class,
            jakarta.ws.rs.ext.WriterInterceptor.class, jakarta.ws.rs.ext.ParamConverterProvider.class);

    private ArchitectureRules() {
    }

    /** Every package under the root is a slice; none may reach back to one that reaches it. */
    public static ArchRule noCycles(String root) {
        return SlicesRuleDefinition.slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("features depend on the kernel and on each other in one direction (docs/architecture.md)");
    }

    /** The kernel builds on libraries, plugin-api and itself: a new feature never changes it. */
    public static ArchRule kernelImportsNoFeature(String root) {
        String[] kernel = packages(root, KERNEL);
        return classes().that().resideInAnyPackage(kernel).should().onlyDependOnClassesThat(
                DescribedPredicate.describe("are outside " + root + " or in the kernel",
                        type -> !type.getPackageName().startsWith(root) || inAny(type, kernel)))
                .because("the kernel must not know the features built on it");
    }

    /**
     * JAX-RS stays at the edge: in the HTTP kernel, in resources and JAX-RS providers, and in
     * package-private helpers that only the resources of their own package can reach. Services,
     * and the rest of the kernel, throw the platform's refusals instead.
     */
    public static ArchRule jaxRsOnlyAtTheEdge(String root) {
        String[] httpKernel = packages(root, HTTP_KERNEL);
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(httpKernel)
                .and(DescribedPredicate.not(SERVES_HTTP)).and(PUBLIC)
                .and(DescribedPredicate.describe("are not among the known exceptions " + JAX_RS_ALLOWED,
                        type -> !JAX_RS_ALLOWED.contains(type.getName().substring(root.length() + 1))))
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .because("services throw the platform's refusals (errors package), mapped to HTTP in http.ErrorMappers");
    }

    /** plugin-api, and every plugin, compiles against no class of the platform. */
    public static ArchRule independentOfThePlatform(String packageOfPluginCode, String platformRoot) {
        return noClasses().that().resideInAPackage(packageOfPluginCode + "..")
                .should().dependOnClassesThat().resideInAPackage(platformRoot + "..")
                .because("plugins see only plugin-api, which sees nothing of the platform");
    }

    /** A resource class or an abstract base of resources, a JAX-RS provider, or a class nested in one. */
    static final DescribedPredicate<JavaClass> SERVES_HTTP = DescribedPredicate.describe(
            "resources and JAX-RS providers", ArchitectureRules::servesHttp);

    private static final DescribedPredicate<JavaClass> PUBLIC = DescribedPredicate.describe(
            "are visible outside their package", type -> type.getModifiers().contains(JavaModifier.PUBLIC)
                    && type.getEnclosingClass().map(outer -> outer.getModifiers().contains(JavaModifier.PUBLIC))
                    .orElse(true));

    private static boolean servesHttp(JavaClass type) {
        if (type.getEnclosingClass().map(ArchitectureRules::servesHttp).orElse(false)) {
            return true;
        }
        if (type.isAnnotatedWith(jakarta.ws.rs.Path.class) || PROVIDERS.stream().anyMatch(type::isAssignableTo)) {
            return true;
        }
        return type.getMethods().stream().anyMatch(method -> method.getAnnotations().stream()
                .anyMatch(annotation -> RESOURCE_METHOD_ANNOTATIONS.contains(annotation.getRawType().getName())));
    }

    private static String[] packages(String root, List<String> names) {
        return names.stream().map(name -> root + "." + name + "..").toArray(String[]::new);
    }

    private static boolean inAny(JavaClass type, String[] packages) {
        return java.util.Arrays.stream(packages).map(pattern -> pattern.substring(0, pattern.length() - 2))
                .anyMatch(name -> type.getPackageName().equals(name) || type.getPackageName().startsWith(name + "."));
    }
}
