export declare const projectRoot: string;
export declare const schemaPath: string;
export declare const migrationsDir: string;
export declare function diffMigrationsToSchema(shadowUrl: string): Promise<string>;
export declare function isEmptyMigration(sql: string): boolean;
