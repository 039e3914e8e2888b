CREATE TABLE "district_neighbours" (
	"district_code" char(4) NOT NULL,
	"neighbour_code" char(4) NOT NULL,
	CONSTRAINT "district_neighbours_district_code_neighbour_code_pk" PRIMARY KEY("district_code","neighbour_code")
);
--> statement-breakpoint
CREATE TABLE "province_neighbours" (
	"province_code" char(2) NOT NULL,
	"neighbour_code" char(2) NOT NULL,
	CONSTRAINT "province_neighbours_province_code_neighbour_code_pk" PRIMARY KEY("province_code","neighbour_code")
);
--> statement-breakpoint
ALTER TABLE "district_neighbours" ADD CONSTRAINT "district_neighbours_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_neighbours" ADD CONSTRAINT "district_neighbours_neighbour_code_districts_code_fk" FOREIGN KEY ("neighbour_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province_neighbours" ADD CONSTRAINT "province_neighbours_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province_neighbours" ADD CONSTRAINT "province_neighbours_neighbour_code_provinces_code_fk" FOREIGN KEY ("neighbour_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;