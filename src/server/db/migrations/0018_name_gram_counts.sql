CREATE TABLE "name_gram_counts" (
	"gram" text PRIMARY KEY NOT NULL,
	"persons" integer NOT NULL
);
