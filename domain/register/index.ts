/** The e-licensing registers of permits and of notifying subjects (seed 004): pure rules and shapes. */
export * from './transitions';
export * from './entry';
