package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminAreasTest {

    @Test
    void administrationIsTheAdminPagesAndTheirApiWithOrWithoutALeadingSlash() {
        assertTrue(AdminAreas.isAdministration("admin"));
        assertTrue(AdminAreas.isAdministration("/admin/declarations.csv"));
        assertTrue(AdminAreas.isAdministration("api/v1/admin/users/7/role"));
        assertFalse(AdminAreas.isAdministration("administrator"));
        assertFalse(AdminAreas.isAdministration("api/admin/plugins"));
        assertFalse(AdminAreas.isAdministration("office/admin"));
    }

    @Test
    void thePluginAdminApiIsItsOwnArea() {
        assertTrue(AdminAreas.isPluginAdminApi("api/admin/plugins"));
        assertTrue(AdminAreas.isPluginAdminApi("/api/admin"));
        assertFalse(AdminAreas.isPluginAdminApi("api/administer"));
        assertFalse(AdminAreas.isPluginAdminApi("api/v1/admin/declarations"));
    }
}
