package io.evapi.proxy.modules.evapi;

import io.evapi.proxy.spi.ModuleConfigException;

/** Loads the {@code event_callback} class, checking it at config time rather than at the first event. */
final class Callbacks {

    private Callbacks() {
    }

    static EvapiEventHandler load(String className) throws ModuleConfigException {
        if (className == null || className.isBlank()) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className.trim(), true, Callbacks.class.getClassLoader());
            if (!EvapiEventHandler.class.isAssignableFrom(type)) {
                throw new ModuleConfigException("event_callback", "class " + className + " does not implement "
                        + EvapiEventHandler.class.getName());
            }
            return (EvapiEventHandler) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ModuleConfigException("event_callback", "expected the name of a class on the class path"
                    + " implementing " + EvapiEventHandler.class.getName() + ", found '" + className + "'");
        } catch (ReflectiveOperationException e) {
            throw new ModuleConfigException("event_callback", "cannot create " + className
                    + " (it needs a public no-argument constructor): " + e);
        }
    }
}
