package org.matricula.platform.demo;

import java.util.List;

/**
 * The projects of the three bundled course families and their programs, as the institutes run
 * them. A few programs are limited, some with a waitlist, so the catalog shows every state.
 */
final class DemoCatalog {

    record DemoProgram(String code, String name, String places, boolean waitlist) {
    }

    /** {@code share} is the part of the sample applicants that apply to this project. */
    record DemoProject(String slug, String name, String description, double share, List<DemoProgram> programs) {
    }

    static final List<DemoProject> PROJECTS = List.of(
            new DemoProject("digital-chairs", "Цифровые кафедры",
                    "Программы профессиональной переподготовки в области ИТ для студентов и сотрудников.", 0.45,
                    List.of(program("information-systems-architect", "Архитектор информационных систем", "25", false),
                            program("digital-project-management", "Основы управления цифровыми проектами", "", false),
                            program("it-consulting", "ИТ-консалтинг", "12", false),
                            program("vm-platform-programming",
                                    "Программирование для платформ виртуальных машин", "20", true),
                            program("python-developer", "Python-разработчик приложений", "15", true),
                            program("linux-administration", "Системное и сетевое администрирование Linux", "20", false),
                            program("digital-products-management",
                                    "Управление цифровыми продуктами для бизнеса", "", false))),
            new DemoProject("mobility", "Модуль мобильности",
                    "Курсы для студентов университета: развитие навыков будущего и карьерной гибкости.", 0.20,
                    List.of(program("educational-foresight", "Образовательный форсайт", "40", false),
                            program("career-adaptability", "Карьерная адаптивность", "20", true))),
            new DemoProject("growup", "Академия GrowUp!",
                    "Короткие практические программы для всех желающих; отбор по мотивационному письму.", 0.35,
                    List.of(program("legal-security", "Правовая безопасность", "", false),
                            program("agile-team-management", "Управление Agile-командой", "25", false),
                            program("content-marketer", "Контент-маркетолог", "10", true),
                            program("youth-leaders", "Молодёжные лидеры", "10", false),
                            program("digital-product-manager", "Продакт-менеджер в Digital", "", false),
                            program("targeting-specialist", "Таргетолог", "", false),
                            program("digital-society-facilitator", "Фасилитатор в цифровом обществе", "", false),
                            program("digital-fabrication",
                                    "Цифровое производство и быстрое прототипирование", "15", false),
                            program("educational-process-management",
                                    "Современные подходы к управлению образовательным процессом", "", false))));

    private DemoCatalog() {
    }

    private static DemoProgram program(String code, String name, String places, boolean waitlist) {
        return new DemoProgram(code, name, places, waitlist);
    }
}
