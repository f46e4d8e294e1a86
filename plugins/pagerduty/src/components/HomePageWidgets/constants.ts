/** Services with open incidents listed by the "my teams' services" widget. */
export const MY_SERVICES_SHOWN = 10;
