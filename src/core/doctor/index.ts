// The ticket doctor (pure): yoi's checks (§8.4) and the extension's extra anomaly checks (§5.6).
export * from './catalog';
export * from './finding';
export * from './ticketFiles';
export * from './ticketChecks';
export * from './storeChecks';
export * from './doctor';
