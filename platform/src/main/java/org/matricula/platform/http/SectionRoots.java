package org.matricula.platform.http;

import jakarta.ws.rs.core.Configuration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * Gathers the resources of whole sections of the site (the administration, the office, the API's
 * administration and CRM) under one root resource each, as if each class had declared its path on
 * its methods.
 *
 * <p>Jersey finds a request's root resource by trying the roots' patterns one after another, with a
 * new {@code Matcher} each, longest literal paths first. With every screen of a section its own
 * root, a path outside the sections with few literal characters ({@code /apply/{slug}}, the form)
 * was tried against some 60 patterns first, 7% of a form view's request thread. Inside a section
 * the same order holds among its resources, so a request there finds what it found before. The
 * rest of the API stays as declared: an applicant's and the lead intake's routes are long and found
 * early, and grouped behind one {@code /api} root they would be tried after all the others.
 */
public final class SectionRoots implements ModelProcessor {

    private final List<String> sections;

    /** @param sections root paths such as {@code /admin}, without a trailing slash */
    public SectionRoots(String... sections) {
        this.sections = List.of(sections);
    }

    @Override
    public ResourceModel processResourceModel(ResourceModel model, Configuration configuration) {
        Map<String, Resource.Builder> grouped = new LinkedHashMap<>();
        ResourceModel.Builder regrouped = new ResourceModel.Builder(false);
        for (Resource root : model.getRootResources()) {
            String section = sectionOf(root.getPath());
            if (section == null) {
                regrouped.addResource(root);
                continue;
            }
            Resource.Builder group = grouped.computeIfAbsent(section, Resource::builder);
            String below = root.getPath().substring(section.length());
            if (below.isEmpty() || below.equals("/")) {
                group.mergeWith(root);
            } else {
                addAt(group, below, root);
                for (Resource child : root.getChildResources()) {
                    addAt(group, below + "/" + child.getPath(), child);
                }
            }
        }
        grouped.values().forEach(group -> regrouped.addResource(group.build()));
        return regrouped.build();
    }

    @Override
    public ResourceModel processSubResource(ResourceModel subResourceModel, Configuration configuration) {
        return subResourceModel;
    }

    /**
     * The resource's own methods as a child of the section at {@code path}; its children are added
     * apart. A resource that only holds children adds nothing (Jersey warns of empty resources).
     */
    private static void addAt(Resource.Builder section, String path, Resource resource) {
        if (resource.getResourceMethods().isEmpty() && resource.getResourceLocator() == null) {
            return;
        }
        Resource.Builder child = section.addChildResource(path.replaceAll("/{2,}", "/"));
        for (ResourceMethod method : resource.getResourceMethods()) {
            child.addMethod(method);
        }
        if (resource.getResourceLocator() != null) {
            child.addMethod(resource.getResourceLocator());
        }
    }

    private String sectionOf(String path) {
        for (String section : sections) {
            if (path.equals(section) || path.equals(section + "/") || path.startsWith(section + "/")) {
                return section;
            }
        }
        return null;
    }
}
