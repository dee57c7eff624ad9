BEGIN TRANSACTION;
CREATE TABLE activity (
	id INTEGER NOT NULL, 
	kind VARCHAR(6) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	provider VARCHAR(200) NOT NULL, 
	location VARCHAR(200) NOT NULL, 
	description VARCHAR(4000) NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE NOT NULL, 
	hours INTEGER, 
	category_id INTEGER, 
	increment INTEGER NOT NULL, 
	designation VARCHAR(2000) NOT NULL, 
	pre_approved BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, format VARCHAR(40) DEFAULT '' NOT NULL, url VARCHAR(500) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(category_id) REFERENCES category (id)
);
INSERT INTO "activity" VALUES(1,'COURSE','Digital Sculpting for Medical Visualization','Gnomon School of Visual Effects','Online','','2026-11-17','2026-11-19',750,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(2,'COURSE','Surgical Anatomy of the Hand','Johns Hopkins Art as Applied to Medicine','Baltimore, MD','','2026-11-07','2026-11-07',750,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(3,'COURSE','Anatomical Wax Models of La Specola','Mütter Museum of The College of Physicians','Philadelphia, PA','','2026-11-26','2026-11-26',200,4,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(4,'COURSE','Procreate for Surgical Sketching','AMI Webinar Series','Online','','2026-04-05','2026-04-05',200,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(5,'COURSE','Copyright and Licensing for Illustrators','Graphic Artists Guild','Online','','2026-02-04','2026-02-04',200,3,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(6,'COURSE','Cardiac Embryology Refresher','Augusta University Medical Illustration','Augusta, GA','','2026-01-05','2026-01-05',400,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(7,'COURSE','Color Theory for Medical and Data Graphics','Rochester Institute of Technology','Rochester, NY','','2025-06-09','2025-06-09',350,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(8,'COURSE','Vesalius and the History of Anatomical Illustration','The New York Academy of Medicine','New York, NY','','2025-02-19','2025-02-19',250,4,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(9,'COURSE','Carbon Dust and Traditional Rendering Techniques','Guild of Natural Science Illustrators','Washington, DC','','2024-11-30','2024-12-01',600,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(10,'COURSE','Neuroanatomy for Illustrators','University of Toronto Biomedical Communications','Toronto, ON','','2024-06-13','2024-06-14',700,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(11,'COURSE','Pricing and Contracts for Freelance Medical Illustrators','AMI Professional Practices Committee','Online','','2024-02-15','2024-02-15',300,3,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(12,'COURSE','Character Rigging for Medical Animation','University of Illinois Chicago Biomedical Visualization','Chicago, IL','','2023-11-26','2023-11-27',750,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(13,'COURSE','Max Brödel and the Birth of Medical Illustration','Johns Hopkins Medical Archives','Online','','2023-08-19','2023-08-19',150,4,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(14,'COURSE','Molecular Visualization with ChimeraX','UCSF Resource for Biocomputing','San Francisco, CA','','2023-03-22','2023-03-22',525,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(15,'COURSE','Project Management for Creative Studios','Rhode Island School of Design Continuing Education','Online','','2022-11-05','2022-12-02',450,3,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(16,'COURSE','Watercolor for Scientific Illustration','Guild of Natural Science Illustrators','Online','','2022-07-04','2022-08-14',700,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(17,'COURSE','Pathology Basics for Visual Communicators','Mayo Clinic School of Continuous Professional Development','Rochester, MN','','2022-04-06','2022-04-06',600,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(18,'COURSE','Figure Drawing Intensive: Musculoskeletal Form','Art Students League of New York','New York, NY','','2021-10-06','2021-10-08',750,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(19,'COURSE','Adobe Illustrator Workflows for Patient Education','AMI Webinar Series','Online','','2026-12-21','2026-12-21',150,1,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(20,'COURSE','Ophthalmic Anatomy for Surgical Illustration','Wilmer Eye Institute','Baltimore, MD','','2027-01-15','2027-01-15',300,2,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(21,'COURSE','Accessible Color and Alt Text for Medical Graphics','AMI Webinar Series','Online','','2027-01-30','2027-01-30',125,3,25,'',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(22,'EVENT','AMI Annual Conference 2025','Association of Medical Illustrators','Minneapolis, MN','Three days of workshops, case presentations and the Salon, with designated Biomedical sessions.','2025-10-30','2025-11-01',NULL,2,25,'The Association of Medical Illustrators designates this live activity for a maximum of 21.75 CE credits in the Biomedical category.',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(23,'EVENT','AMI Annual Conference 2026','Association of Medical Illustrators','Cleveland, OH','The annual meeting: anatomy and surgical sessions, animation workshops and the Salon.','2026-11-19','2026-11-21',NULL,2,25,'The Association of Medical Illustrators designates this live activity for a maximum of 22.25 CE credits in the Biomedical category.',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(24,'EVENT','Northeast Regional Workshop: Medical Animation Pipelines','Association of Medical Illustrators','Boston, MA','Two hands-on days on storyboarding, rigging and rendering for patient-education animation.','2026-12-22','2026-12-23',NULL,NULL,25,'The Association of Medical Illustrators designates this live activity for a maximum of 13 CME credits. It does not count toward a CMI renewal category.',1,'2026-12-02 00:40:58.000000','','');
INSERT INTO "activity" VALUES(25,'COURSE','Pen and Ink Techniques for Scientific Illustration','University of Washington Continuum College','','Stippling, line weight and reproduction for print.','2026-04-09','2026-04-15',750,1,25,'',1,'2026-12-02 00:40:58.000000','in person','https://www.pce.uw.edu/');
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('180704e644ea');
CREATE TABLE approvalattachment (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	filename VARCHAR(200) NOT NULL, 
	content_type VARCHAR(60) NOT NULL, 
	size INTEGER NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	data BLOB NOT NULL, 
	uploaded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES approvalrequest (id)
);
CREATE TABLE approvalmessage (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	author_id INTEGER NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	body VARCHAR(2000) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(author_id) REFERENCES member (id), 
	FOREIGN KEY(request_id) REFERENCES approvalrequest (id)
);
INSERT INTO "approvalmessage" VALUES(1,6,2,'QUESTION','Which sessions cover anatomy and segmentation rather than operating the printer? Please attach the agenda if you have it.','2026-11-27 23:40:58.000000');
CREATE TABLE "approvalrequest" (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	provider VARCHAR(200) NOT NULL, 
	description VARCHAR(4000) NOT NULL, 
	url VARCHAR(500) NOT NULL, 
	category_id INTEGER NOT NULL, 
	hours INTEGER NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	decided_at DATETIME, 
	decided_by INTEGER, 
	decision_note VARCHAR(2000) NOT NULL, 
	activity_id INTEGER, 
	format VARCHAR(40) DEFAULT ('') NOT NULL, 
	queued_at DATETIME NOT NULL, 
	approved_hours INTEGER, 
	approved_category_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_approvalrequest_approved_category FOREIGN KEY(approved_category_id) REFERENCES category (id), 
	FOREIGN KEY(category_id) REFERENCES category (id), 
	FOREIGN KEY(decided_by) REFERENCES member (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id), 
	FOREIGN KEY(member_id) REFERENCES member (id)
);
INSERT INTO "approvalrequest" VALUES(1,13,'Geometry Nodes in Blender for Scientific Visualization','Blender Studio','Procedural modelling of cells, tissue and vasculature.','https://studio.blender.org/',1,600,'2026-11-12','2026-11-13','PENDING','2026-11-15 23:40:58.000000',NULL,NULL,'',NULL,'in person','2026-11-15 23:40:58.000000',NULL,NULL);
INSERT INTO "approvalrequest" VALUES(2,10,'Clinical Anatomy of the Pelvic Floor','University of Michigan Medical School','Cadaver-based anatomy course for allied professionals.','https://medicine.umich.edu/',2,450,'2026-12-13','2026-12-13','PENDING','2026-11-27 00:40:58.000000',NULL,NULL,'',NULL,'in person','2026-11-27 00:40:58.000000',NULL,NULL);
INSERT INTO "approvalrequest" VALUES(3,5,'Preparing Medical-Legal Exhibits for Trial','American Bar Association Center for Professional Development','Admissibility, accuracy and licensing of demonstrative exhibits.','https://www.americanbar.org/',3,300,'2026-11-29','2026-11-29','PENDING','2026-12-02 00:40:58.000000',NULL,NULL,'',NULL,'in person','2026-12-02 00:40:58.000000',NULL,NULL);
INSERT INTO "approvalrequest" VALUES(4,8,'Pen and Ink Techniques for Scientific Illustration','University of Washington Continuum College','Stippling, line weight and reproduction for print.','https://www.pce.uw.edu/',1,750,'2026-04-09','2026-04-15','APPROVED','2026-03-27 00:40:58.000000','2026-04-05 00:40:58.000000',2,'Approved for 7.5 Art hours: pen-and-ink rendering is core to medical illustration. Record your hours within 30 days of finishing.',25,'in person','2026-03-27 00:40:58.000000',750,1);
INSERT INTO "approvalrequest" VALUES(5,9,'Plein Air Landscape Painting Weekend','Hudson Valley Art Center','Two days of outdoor landscape painting.','https://example.org/plein-air',1,800,'2026-07-04','2026-07-05','DECLINED','2026-07-15 00:40:58.000000','2026-07-26 00:40:58.000000',2,'Declined: landscape painting is outside the practice of medical illustration. Anatomical or scientific illustration workshops qualify; see the Upcoming Courses list.',NULL,'in person','2026-07-15 00:40:58.000000',NULL,NULL);
INSERT INTO "approvalrequest" VALUES(6,1,'3D Printing Anatomical Models for Patient Education','Stratasys Academy','Segmenting CT scans and printing teaching models.','https://example.org/3d-printing-anatomy',2,500,'2026-11-23','2026-11-23','RETURNED','2026-11-25 23:40:58.000000',NULL,NULL,'',NULL,'online (live)','2026-11-25 23:40:58.000000',NULL,NULL);
CREATE TABLE audit_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor_id INTEGER, 
	action VARCHAR(60) NOT NULL, 
	entity VARCHAR(40) NOT NULL, 
	entity_id INTEGER, 
	detail JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(actor_id) REFERENCES member (id)
);
INSERT INTO "audit_log" VALUES(1,'2026-12-02 00:40:58.000000',NULL,'member_created','member',1,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(2,'2026-12-02 00:40:58.000000',NULL,'member_created','member',2,'{"roles": "reviewer,member"}');
INSERT INTO "audit_log" VALUES(3,'2026-12-02 00:40:58.000000',NULL,'member_created','member',3,'{"roles": "staff"}');
INSERT INTO "audit_log" VALUES(4,'2026-12-02 00:40:58.000000',NULL,'member_created','member',4,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(5,'2026-12-02 00:40:58.000000',NULL,'member_created','member',5,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(6,'2026-12-02 00:40:58.000000',NULL,'member_created','member',6,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(7,'2026-12-02 00:40:58.000000',NULL,'member_created','member',7,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(8,'2026-12-02 00:40:58.000000',NULL,'member_created','member',8,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(9,'2026-12-02 00:40:58.000000',NULL,'member_created','member',9,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(10,'2026-12-02 00:40:58.000000',NULL,'member_created','member',10,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(11,'2026-12-02 00:40:58.000000',NULL,'member_created','member',11,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(12,'2026-12-02 00:40:58.000000',NULL,'member_created','member',12,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(13,'2026-12-02 00:40:58.000000',NULL,'member_created','member',13,'{"roles": "member"}');
INSERT INTO "audit_log" VALUES(14,'2026-12-02 00:40:58.000000',1,'cme_day_saved','eventday',1,'{"credits": "7.50"}');
INSERT INTO "audit_log" VALUES(15,'2026-12-02 00:40:58.000000',1,'cme_day_saved','eventday',2,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(16,'2026-12-02 00:40:58.000000',1,'cme_day_saved','eventday',3,'{"credits": "5.75"}');
INSERT INTO "audit_log" VALUES(17,'2026-12-02 00:40:58.000000',1,'certificate_issued','certificate',1,'{"number": "CME-2025-KN33EVZK"}');
INSERT INTO "audit_log" VALUES(18,'2026-12-02 00:40:58.000000',1,'cme_submitted','activity',22,'{"total": "19.75"}');
INSERT INTO "audit_log" VALUES(19,'2026-12-02 00:40:58.000000',2,'cme_day_saved','eventday',1,'{"credits": "7.50"}');
INSERT INTO "audit_log" VALUES(20,'2026-12-02 00:40:58.000000',2,'cme_day_saved','eventday',2,'{"credits": "8.00"}');
INSERT INTO "audit_log" VALUES(21,'2026-12-02 00:40:58.000000',2,'cme_day_saved','eventday',3,'{"credits": "6.25"}');
INSERT INTO "audit_log" VALUES(22,'2026-12-02 00:40:58.000000',2,'certificate_issued','certificate',2,'{"number": "CME-2025-9SQJGZCX"}');
INSERT INTO "audit_log" VALUES(23,'2026-12-02 00:40:58.000000',2,'cme_submitted','activity',22,'{"total": "21.75"}');
INSERT INTO "audit_log" VALUES(24,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',1,'{"credits": "6.00"}');
INSERT INTO "audit_log" VALUES(25,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',2,'{"credits": "7.25"}');
INSERT INTO "audit_log" VALUES(26,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',3,'{"credits": "4.00"}');
INSERT INTO "audit_log" VALUES(27,'2026-12-02 00:40:58.000000',4,'certificate_issued','certificate',3,'{"number": "CME-2025-4U7S7ZSA"}');
INSERT INTO "audit_log" VALUES(28,'2026-12-02 00:40:58.000000',4,'cme_submitted','activity',22,'{"total": "17.25"}');
INSERT INTO "audit_log" VALUES(29,'2026-12-02 00:40:58.000000',7,'cme_day_saved','eventday',1,'{"credits": "7.00"}');
INSERT INTO "audit_log" VALUES(30,'2026-12-02 00:40:58.000000',7,'cme_day_saved','eventday',2,'{"credits": "8.00"}');
INSERT INTO "audit_log" VALUES(31,'2026-12-02 00:40:58.000000',7,'cme_day_saved','eventday',3,'{"credits": "6.00"}');
INSERT INTO "audit_log" VALUES(32,'2026-12-02 00:40:58.000000',7,'certificate_issued','certificate',4,'{"number": "CME-2025-XYUM4AVX"}');
INSERT INTO "audit_log" VALUES(33,'2026-12-02 00:40:58.000000',7,'cme_submitted','activity',22,'{"total": "21.00"}');
INSERT INTO "audit_log" VALUES(34,'2026-12-02 00:40:58.000000',9,'cme_day_saved','eventday',2,'{"credits": "8.00"}');
INSERT INTO "audit_log" VALUES(35,'2026-12-02 00:40:58.000000',9,'cme_day_saved','eventday',3,'{"credits": "5.50"}');
INSERT INTO "audit_log" VALUES(36,'2026-12-02 00:40:58.000000',9,'certificate_issued','certificate',5,'{"number": "CME-2025-MAPNC222"}');
INSERT INTO "audit_log" VALUES(37,'2026-12-02 00:40:58.000000',9,'cme_submitted','activity',22,'{"total": "13.50"}');
INSERT INTO "audit_log" VALUES(38,'2026-12-02 00:40:58.000000',12,'cme_day_saved','eventday',1,'{"credits": "7.50"}');
INSERT INTO "audit_log" VALUES(39,'2026-12-02 00:40:58.000000',12,'cme_day_saved','eventday',2,'{"credits": "7.00"}');
INSERT INTO "audit_log" VALUES(40,'2026-12-02 00:40:58.000000',12,'certificate_issued','certificate',6,'{"number": "CME-2025-3Q8AKW72"}');
INSERT INTO "audit_log" VALUES(41,'2026-12-02 00:40:58.000000',12,'cme_submitted','activity',22,'{"total": "14.50"}');
INSERT INTO "audit_log" VALUES(42,'2026-12-02 00:40:58.000000',8,'cme_day_saved','eventday',1,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(43,'2026-12-02 00:40:58.000000',2,'cme_day_saved','eventday',5,'{"credits": "7.50"}');
INSERT INTO "audit_log" VALUES(44,'2026-12-02 00:40:58.000000',5,'cme_day_saved','eventday',4,'{"credits": "8.00"}');
INSERT INTO "audit_log" VALUES(45,'2026-12-02 00:40:58.000000',5,'cme_day_saved','eventday',5,'{"credits": "7.75"}');
INSERT INTO "audit_log" VALUES(46,'2026-12-02 00:40:58.000000',5,'cme_day_saved','eventday',6,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(47,'2026-12-02 00:40:58.000000',5,'certificate_issued','certificate',7,'{"number": "CME-2026-6NF6S65Q"}');
INSERT INTO "audit_log" VALUES(48,'2026-12-02 00:40:58.000000',5,'cme_submitted','activity',23,'{"total": "22.25"}');
INSERT INTO "audit_log" VALUES(49,'2026-12-02 00:40:58.000000',13,'cme_day_saved','eventday',4,'{"credits": "7.00"}');
INSERT INTO "audit_log" VALUES(50,'2026-12-02 00:40:58.000000',13,'cme_day_saved','eventday',5,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(51,'2026-12-02 00:40:58.000000',13,'cme_day_saved','eventday',6,'{"credits": "5.00"}');
INSERT INTO "audit_log" VALUES(52,'2026-12-02 00:40:58.000000',13,'certificate_issued','certificate',8,'{"number": "CME-2026-EMNAK74E"}');
INSERT INTO "audit_log" VALUES(53,'2026-12-02 00:40:58.000000',13,'cme_submitted','activity',23,'{"total": "18.50"}');
INSERT INTO "audit_log" VALUES(54,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',4,'{"credits": "8.00"}');
INSERT INTO "audit_log" VALUES(55,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',5,'{"credits": "7.00"}');
INSERT INTO "audit_log" VALUES(56,'2026-12-02 00:40:58.000000',4,'cme_day_saved','eventday',6,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(57,'2026-12-02 00:40:58.000000',4,'certificate_issued','certificate',9,'{"number": "CME-2026-EBNZAVEZ"}');
INSERT INTO "audit_log" VALUES(58,'2026-12-02 00:40:58.000000',4,'cme_submitted','activity',23,'{"total": "21.50"}');
INSERT INTO "audit_log" VALUES(59,'2026-12-02 00:40:58.000000',11,'cme_day_saved','eventday',4,'{"credits": "6.00"}');
INSERT INTO "audit_log" VALUES(60,'2026-12-02 00:40:58.000000',11,'cme_day_saved','eventday',5,'{"credits": "6.50"}');
INSERT INTO "audit_log" VALUES(61,'2026-12-02 00:40:58.000000',4,'renewal_applied','renewalapplication',1,'{"fee": "150.00 USD"}');
INSERT INTO "audit_log" VALUES(62,'2026-12-02 00:40:58.000000',7,'renewal_applied','renewalapplication',2,'{"fee": "150.00 USD"}');
INSERT INTO "audit_log" VALUES(63,'2026-12-02 00:40:58.000000',3,'renewal_fee_recorded','renewalapplication',2,'{"reference": "CHK-20418"}');
INSERT INTO "audit_log" VALUES(64,'2026-12-02 00:40:58.000000',NULL,'demo_seeded','database',NULL,'{"accounts": "13", "courses": "21", "events": "3", "requests": "6"}');
CREATE TABLE cap_group (
	id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	max_hours INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(program_id) REFERENCES program (id), 
	UNIQUE (program_id, name)
);
INSERT INTO "cap_group" VALUES(1,1,'Business & History',700);
CREATE TABLE category (
	id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	name VARCHAR(60) NOT NULL, 
	position INTEGER NOT NULL, 
	min_hours INTEGER NOT NULL, 
	max_hours INTEGER, 
	required BOOLEAN NOT NULL, 
	cap_group_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cap_group_id) REFERENCES cap_group (id), 
	FOREIGN KEY(program_id) REFERENCES program (id), 
	UNIQUE (program_id, name)
);
INSERT INTO "category" VALUES(1,1,'Art',0,1400,2100,1,NULL);
INSERT INTO "category" VALUES(2,1,'Biomedical',1,1400,2100,1,NULL);
INSERT INTO "category" VALUES(3,1,'Business',2,0,NULL,0,1);
INSERT INTO "category" VALUES(4,1,'History',3,0,NULL,0,1);
CREATE TABLE certificate (
	id INTEGER NOT NULL, 
	number VARCHAR(32) NOT NULL, 
	verification_code VARCHAR(16) NOT NULL, 
	submission_id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	issued_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	revoked_reason VARCHAR(500), 
	revoked_by INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	FOREIGN KEY(revoked_by) REFERENCES member (id), 
	FOREIGN KEY(submission_id) REFERENCES eventsubmission (id), 
	UNIQUE (submission_id)
);
INSERT INTO "certificate" VALUES(1,'CME-2025-KN33EVZK','JKJYZ9',1,1,22,'2025-11-04 14:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(2,'CME-2025-9SQJGZCX','S2GBGB',2,2,22,'2025-11-04 15:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(3,'CME-2025-4U7S7ZSA','3229SU',3,4,22,'2025-11-04 16:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(4,'CME-2025-XYUM4AVX','J25PFM',4,7,22,'2025-11-04 17:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(5,'CME-2025-MAPNC222','T5P7WC',5,9,22,'2025-11-04 18:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(6,'CME-2025-3Q8AKW72','JGCR3U',6,12,22,'2025-11-04 19:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(7,'CME-2026-6NF6S65Q','JX44YV',7,5,23,'2026-11-24 16:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(8,'CME-2026-EMNAK74E','8QH7PZ',8,13,23,'2026-11-24 17:00:00.000000',NULL,NULL,NULL);
INSERT INTO "certificate" VALUES(9,'CME-2026-EBNZAVEZ','35BFGG',9,4,23,'2026-11-24 18:00:00.000000',NULL,NULL,NULL);
CREATE TABLE certificationterm (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE NOT NULL, 
	status VARCHAR(7) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	FOREIGN KEY(program_id) REFERENCES program (id), 
	UNIQUE (member_id, program_id, starts_on)
);
INSERT INTO "certificationterm" VALUES(1,1,1,'2023-10-01','2028-09-30','ACTIVE');
INSERT INTO "certificationterm" VALUES(2,2,1,'2022-10-01','2027-09-30','ACTIVE');
INSERT INTO "certificationterm" VALUES(3,4,1,'2022-01-15','2027-01-14','ACTIVE');
INSERT INTO "certificationterm" VALUES(4,5,1,'2026-05-01','2031-04-30','ACTIVE');
INSERT INTO "certificationterm" VALUES(5,6,1,'2021-08-01','2026-07-31','LAPSED');
INSERT INTO "certificationterm" VALUES(6,7,1,'2022-06-01','2027-05-31','ACTIVE');
INSERT INTO "certificationterm" VALUES(7,8,1,'2023-04-01','2028-03-31','ACTIVE');
INSERT INTO "certificationterm" VALUES(8,9,1,'2024-10-01','2029-09-30','ACTIVE');
INSERT INTO "certificationterm" VALUES(9,10,1,'2024-03-01','2029-02-28','ACTIVE');
INSERT INTO "certificationterm" VALUES(10,11,1,'2025-04-01','2030-03-31','ACTIVE');
INSERT INTO "certificationterm" VALUES(11,12,1,'2022-11-01','2027-10-31','ACTIVE');
INSERT INTO "certificationterm" VALUES(12,13,1,'2024-07-01','2029-06-30','ACTIVE');
CREATE TABLE "creditclaim" (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	category_id INTEGER NOT NULL, 
	hours INTEGER NOT NULL, 
	completed_on DATE NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	approval_request_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_creditclaim_approval_request FOREIGN KEY(approval_request_id) REFERENCES approvalrequest (id), 
	FOREIGN KEY(category_id) REFERENCES category (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id), 
	UNIQUE (member_id, activity_id)
);
INSERT INTO "creditclaim" VALUES(1,1,12,1,750,'2023-11-27','RECORDED','2023-12-20 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(2,1,11,3,300,'2024-02-15','RECORDED','2024-02-27 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(3,1,8,4,250,'2025-02-19','RECORDED','2025-03-12 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(4,1,6,2,400,'2026-01-05','RECORDED','2026-01-30 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(5,1,4,1,200,'2026-04-05','RECORDED','2026-04-23 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(6,2,14,2,525,'2023-03-22','RECORDED','2023-04-16 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(7,2,13,4,150,'2023-08-19','RECORDED','2023-09-13 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(8,2,12,1,750,'2023-11-27','RECORDED','2023-12-11 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(9,2,10,2,700,'2024-06-14','RECORDED','2024-06-15 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(10,2,9,1,600,'2024-12-01','RECORDED','2024-12-02 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(11,2,7,1,350,'2025-06-09','RECORDED','2025-06-12 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(12,4,17,2,600,'2022-04-06','RECORDED','2022-04-15 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(13,4,16,1,700,'2022-08-14','RECORDED','2022-09-02 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(14,4,14,2,525,'2023-03-22','RECORDED','2023-04-15 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(15,4,12,1,750,'2023-11-27','RECORDED','2023-12-10 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(16,4,10,2,700,'2024-06-14','RECORDED','2024-07-09 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(17,4,7,1,350,'2025-06-09','RECORDED','2025-06-11 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(18,4,8,4,250,'2025-02-19','RECORDED','2025-03-02 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(19,4,5,3,200,'2026-02-04','RECORDED','2026-02-20 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(20,5,1,1,750,'2026-11-19','RECORDED','2026-11-24 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(21,5,3,4,200,'2026-11-26','RECORDED','2026-11-30 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(22,6,18,1,750,'2021-10-08','RECORDED','2021-10-30 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(23,6,16,1,700,'2022-08-14','RECORDED','2022-08-20 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(24,6,7,1,350,'2025-06-09','RECORDED','2025-06-23 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(25,6,17,2,600,'2022-04-06','RECORDED','2022-04-27 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(26,6,15,3,450,'2022-12-02','RECORDED','2022-12-06 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(27,7,16,1,700,'2022-08-14','RECORDED','2022-08-25 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(28,7,12,1,750,'2023-11-27','RECORDED','2023-12-02 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(29,7,9,1,600,'2024-12-01','RECORDED','2024-12-18 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(30,7,7,1,350,'2025-06-09','RECORDED','2025-06-28 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(31,7,4,1,200,'2026-04-05','RECORDED','2026-04-30 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(32,7,14,2,525,'2023-03-22','RECORDED','2023-04-07 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(33,7,6,2,400,'2026-01-05','RECORDED','2026-01-12 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(34,8,11,3,300,'2024-02-15','RECORDED','2024-03-06 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(35,8,5,3,200,'2026-02-04','RECORDED','2026-02-13 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(36,8,13,4,150,'2023-08-19','RECORDED','2023-09-05 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(37,8,8,4,250,'2025-02-19','RECORDED','2025-02-23 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(38,8,3,4,200,'2026-11-26','RECORDED','2026-12-02 00:40:58.000000',NULL);
INSERT INTO "creditclaim" VALUES(39,8,12,1,750,'2023-11-27','RECORDED','2023-12-03 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(40,8,7,1,350,'2025-06-09','RECORDED','2025-06-29 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(41,8,10,2,700,'2024-06-14','RECORDED','2024-07-02 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(42,8,6,2,400,'2026-01-05','RECORDED','2026-01-13 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(43,9,9,1,600,'2024-12-01','RECORDED','2024-12-16 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(44,9,6,2,400,'2026-01-05','RECORDED','2026-01-10 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(45,9,2,2,750,'2026-11-07','RECORDED','2026-11-16 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(46,9,5,3,200,'2026-02-04','RECORDED','2026-02-10 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(47,10,9,1,600,'2024-12-01','RECORDED','2024-12-04 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(48,10,7,1,350,'2025-06-09','RECORDED','2025-06-14 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(49,10,4,1,200,'2026-04-05','RECORDED','2026-04-16 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(50,10,1,1,750,'2026-11-19','RECORDED','2026-12-02 00:40:58.000000',NULL);
INSERT INTO "creditclaim" VALUES(51,10,6,2,400,'2026-01-05','RECORDED','2026-01-23 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(52,10,8,4,250,'2025-02-19','RECORDED','2025-03-05 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(53,11,7,1,350,'2025-06-09','RECORDED','2025-06-21 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(54,11,6,2,400,'2026-01-05','RECORDED','2026-01-30 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(55,11,5,3,200,'2026-02-04','RECORDED','2026-02-05 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(56,11,4,1,200,'2026-04-05','RECORDED','2026-04-23 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(57,12,15,3,450,'2022-12-02','RECORDED','2022-12-11 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(58,12,14,2,525,'2023-03-22','RECORDED','2023-04-07 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(59,12,13,4,150,'2023-08-19','RECORDED','2023-09-04 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(60,12,12,1,750,'2023-11-27','RECORDED','2023-12-02 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(61,12,10,2,700,'2024-06-14','RECORDED','2024-07-01 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(62,12,9,1,600,'2024-12-01','RECORDED','2024-12-18 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(63,13,8,4,250,'2025-02-19','RECORDED','2025-02-24 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(64,13,7,1,350,'2025-06-09','RECORDED','2025-06-30 14:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(65,13,6,2,400,'2026-01-05','RECORDED','2026-01-14 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(66,13,2,2,750,'2026-11-07','RECORDED','2026-11-20 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(67,13,1,1,750,'2026-11-19','RECORDED','2026-11-27 15:00:00.000000',NULL);
INSERT INTO "creditclaim" VALUES(68,8,25,1,750,'2026-04-15','RECORDED','2026-04-27 14:00:00.000000',4);
CREATE TABLE daycredit (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	event_day_id INTEGER NOT NULL, 
	credits INTEGER NOT NULL, 
	submission_id INTEGER, 
	saved_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(event_day_id) REFERENCES eventday (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	FOREIGN KEY(submission_id) REFERENCES eventsubmission (id), 
	UNIQUE (member_id, event_day_id)
);
INSERT INTO "daycredit" VALUES(1,1,1,750,1,'2025-11-04 14:00:00.000000');
INSERT INTO "daycredit" VALUES(2,1,2,650,1,'2025-11-04 14:00:00.000000');
INSERT INTO "daycredit" VALUES(3,1,3,575,1,'2025-11-04 14:00:00.000000');
INSERT INTO "daycredit" VALUES(4,2,1,750,2,'2025-11-04 15:00:00.000000');
INSERT INTO "daycredit" VALUES(5,2,2,800,2,'2025-11-04 15:00:00.000000');
INSERT INTO "daycredit" VALUES(6,2,3,625,2,'2025-11-04 15:00:00.000000');
INSERT INTO "daycredit" VALUES(7,4,1,600,3,'2025-11-04 16:00:00.000000');
INSERT INTO "daycredit" VALUES(8,4,2,725,3,'2025-11-04 16:00:00.000000');
INSERT INTO "daycredit" VALUES(9,4,3,400,3,'2025-11-04 16:00:00.000000');
INSERT INTO "daycredit" VALUES(10,7,1,700,4,'2025-11-04 17:00:00.000000');
INSERT INTO "daycredit" VALUES(11,7,2,800,4,'2025-11-04 17:00:00.000000');
INSERT INTO "daycredit" VALUES(12,7,3,600,4,'2025-11-04 17:00:00.000000');
INSERT INTO "daycredit" VALUES(13,9,2,800,5,'2025-11-04 18:00:00.000000');
INSERT INTO "daycredit" VALUES(14,9,3,550,5,'2025-11-04 18:00:00.000000');
INSERT INTO "daycredit" VALUES(15,12,1,750,6,'2025-11-04 19:00:00.000000');
INSERT INTO "daycredit" VALUES(16,12,2,700,6,'2025-11-04 19:00:00.000000');
INSERT INTO "daycredit" VALUES(17,8,1,650,NULL,'2025-11-04 20:00:00.000000');
INSERT INTO "daycredit" VALUES(18,2,5,750,NULL,'2026-11-24 15:00:00.000000');
INSERT INTO "daycredit" VALUES(19,5,4,800,7,'2026-11-24 16:00:00.000000');
INSERT INTO "daycredit" VALUES(20,5,5,775,7,'2026-11-24 16:00:00.000000');
INSERT INTO "daycredit" VALUES(21,5,6,650,7,'2026-11-24 16:00:00.000000');
INSERT INTO "daycredit" VALUES(22,13,4,700,8,'2026-11-24 17:00:00.000000');
INSERT INTO "daycredit" VALUES(23,13,5,650,8,'2026-11-24 17:00:00.000000');
INSERT INTO "daycredit" VALUES(24,13,6,500,8,'2026-11-24 17:00:00.000000');
INSERT INTO "daycredit" VALUES(25,4,4,800,9,'2026-11-24 18:00:00.000000');
INSERT INTO "daycredit" VALUES(26,4,5,700,9,'2026-11-24 18:00:00.000000');
INSERT INTO "daycredit" VALUES(27,4,6,650,9,'2026-11-24 18:00:00.000000');
INSERT INTO "daycredit" VALUES(28,11,4,600,NULL,'2026-11-24 19:00:00.000000');
INSERT INTO "daycredit" VALUES(29,11,5,650,NULL,'2026-11-24 19:00:00.000000');
CREATE TABLE eventday (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	max_credits INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id), 
	UNIQUE (activity_id, day)
);
INSERT INTO "eventday" VALUES(1,22,'2025-10-30',750);
INSERT INTO "eventday" VALUES(2,22,'2025-10-31',800);
INSERT INTO "eventday" VALUES(3,22,'2025-11-01',625);
INSERT INTO "eventday" VALUES(4,23,'2026-11-19',800);
INSERT INTO "eventday" VALUES(5,23,'2026-11-20',775);
INSERT INTO "eventday" VALUES(6,23,'2026-11-21',650);
INSERT INTO "eventday" VALUES(7,24,'2026-12-22',650);
INSERT INTO "eventday" VALUES(8,24,'2026-12-23',650);
CREATE TABLE eventsubmission (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	total INTEGER NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (member_id, activity_id)
);
INSERT INTO "eventsubmission" VALUES(1,1,22,1975,'2025-11-04 14:00:00.000000');
INSERT INTO "eventsubmission" VALUES(2,2,22,2175,'2025-11-04 15:00:00.000000');
INSERT INTO "eventsubmission" VALUES(3,4,22,1725,'2025-11-04 16:00:00.000000');
INSERT INTO "eventsubmission" VALUES(4,7,22,2100,'2025-11-04 17:00:00.000000');
INSERT INTO "eventsubmission" VALUES(5,9,22,1350,'2025-11-04 18:00:00.000000');
INSERT INTO "eventsubmission" VALUES(6,12,22,1450,'2025-11-04 19:00:00.000000');
INSERT INTO "eventsubmission" VALUES(7,5,23,2225,'2026-11-24 16:00:00.000000');
INSERT INTO "eventsubmission" VALUES(8,13,23,1850,'2026-11-24 17:00:00.000000');
INSERT INTO "eventsubmission" VALUES(9,4,23,2150,'2026-11-24 18:00:00.000000');
CREATE TABLE loginattempt (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	succeeded BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id)
);
CREATE TABLE loginhandoff (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	code_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (code_hash)
);
CREATE TABLE loginsession (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (token_hash)
);
CREATE TABLE member (
	id INTEGER NOT NULL, 
	member_number VARCHAR(20) NOT NULL, 
	username VARCHAR(60) NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	full_name VARCHAR(120) NOT NULL, 
	password_hash VARCHAR(255) NOT NULL, 
	is_active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "member" VALUES(1,'100001','member','member@demo.test','Maya Castillo','$argon2id$v=19$m=65536,t=3,p=4$YUyJ0ZrTujdmDGHMOcd4jw$ZEbphWHJZAp1dWNzv0nU8G2nBVnBjG+qkat67rVgnVw',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(2,'100002','reviewer','reviewer@demo.test','Rowan Iverson','$argon2id$v=19$m=65536,t=3,p=4$SClljFHqXWuNEeI8x1gLAQ$CdiBdhDFXEKmy4mSwUijAaFVsHmNepPVvw/9KfHPBsg',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(3,'100003','staff','staff@demo.test','Sam Okafor','$argon2id$v=19$m=65536,t=3,p=4$Y4xxrhWC0JrTGgPA+H9v7Q$FxtFTsHBv2CjpIqU8MYnpyqV+zBnuSy/UgM67FNXShI',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(4,'100004','priya.raman','priya.raman@demo.test','Priya Raman','$argon2id$v=19$m=65536,t=3,p=4$G6P0ntNaq9X6/19L6V3L+Q$HgZAPDGoducFfcALRAgwkc+dFFCCiB+a2hKJ7g97I3o',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(5,'100005','daniel.whitford','daniel.whitford@demo.test','Daniel Whitford','$argon2id$v=19$m=65536,t=3,p=4$8j6HkHKO8X4PgVDqXStFiA$5pdI/82YkEBzH2oE+BRXn/3AUcALbCCsBrhxacnG2qs',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(6,'100006','helen.marsh','helen.marsh@demo.test','Helen Marsh','$argon2id$v=19$m=65536,t=3,p=4$FsJYa825F8I4x1irFSKEUA$HmiSa6bQnGFEmXpsd6Z+fsTXFab69PMSCpY5MxcFvlQ',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(7,'100007','tomas.herrera','tomas.herrera@demo.test','Tomás Herrera','$argon2id$v=19$m=65536,t=3,p=4$6Z1TKgWg1Pp/T0kpZUyJsQ$oGfth1yIl7trBmFp5rANDwPkC7QEWmPg0ea+9Dt8TNM',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(8,'100008','grace.liu','grace.liu@demo.test','Grace Liu','$argon2id$v=19$m=65536,t=3,p=4$yznH2NtbizFG6J2TEoLw3g$qKaF1YYkOx86iL9DxYRh4Yj9DKmWpm67ZZ1MkTCCyz8',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(9,'100009','marcus.bell','marcus.bell@demo.test','Marcus Bell','$argon2id$v=19$m=65536,t=3,p=4$S6lVKkXovTcGQKj1nvPeOw$8Akfun60kZEV76y52EFIms0jORXPQ4Fl+lq/3KPcCXs',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(10,'100010','aisha.dar','aisha.dar@demo.test','Aisha Dar','$argon2id$v=19$m=65536,t=3,p=4$C0GodY4RwljLOUfo/V8L4Q$cKTr14v5c7t/VkDNsseYRTB1iVIqXG2auv79njdB7aw',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(11,'100011','elena.petrova','elena.petrova@demo.test','Elena Petrova','$argon2id$v=19$m=65536,t=3,p=4$Xct5b01pDWHM+Z/zvjfGOA$AyGWd9who54iMlpxNd8dlIKzE7uf1eJXQLjvUDuNm6s',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(12,'100012','jonah.fischer','jonah.fischer@demo.test','Jonah Fischer','$argon2id$v=19$m=65536,t=3,p=4$QoixFuJca23Nudc6h9AaIw$PajJ9VG/CQl9w7eOi7hLksxsWFWvlWx8rq6Nh+0UqZw',1,'2026-12-02 00:40:58.000000');
INSERT INTO "member" VALUES(13,'100013','claire.dubois','claire.dubois@demo.test','Claire Dubois','$argon2id$v=19$m=65536,t=3,p=4$oPSeMybEeM/Ze6/1fm+N8Q$+8r79/ceoU0ZunDlR9b33k8AQ0LivZY4L7tpZMAyBUY',1,'2026-12-02 00:40:58.000000');
CREATE TABLE outbox_email (
	id INTEGER NOT NULL, 
	to_address VARCHAR(254) NOT NULL, 
	subject VARCHAR(200) NOT NULL, 
	body VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	error VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "outbox_email" VALUES(1,'priya.raman@demo.test','Association of Medical Illustrators: renewal application received','Dear Priya Raman,

We received your application to renew your certification for the term Jan 15, 2022 to Jan 14, 2027. The renewal fee is 150.00 USD. Headquarters will verify your CE record and email you.

CE Tracker
http://localhost:3000/renewal
','2026-12-02 00:40:58.000000',NULL,NULL);
INSERT INTO "outbox_email" VALUES(2,'tomas.herrera@demo.test','Association of Medical Illustrators: renewal application received','Dear Tomás Herrera,

We received your application to renew your certification for the term Jun 1, 2022 to May 31, 2027. The renewal fee is 150.00 USD. Headquarters will verify your CE record and email you.

CE Tracker
http://localhost:3000/renewal
','2026-12-02 00:40:58.000000',NULL,NULL);
INSERT INTO "outbox_email" VALUES(3,'tomas.herrera@demo.test','Association of Medical Illustrators: renewal fee received','Dear Tomás Herrera,

We received your renewal fee of 150.00 USD (reference CHK-20418).

CE Tracker
http://localhost:3000/renewal
','2026-12-02 00:40:58.000000',NULL,NULL);
CREATE TABLE passwordreset (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (token_hash)
);
CREATE TABLE program (
	id INTEGER NOT NULL, 
	code VARCHAR(20) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	term_years INTEGER NOT NULL, 
	total_hours INTEGER NOT NULL, 
	recording_window_days INTEGER NOT NULL, 
	approval_window_days INTEGER NOT NULL, 
	review_days INTEGER NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
INSERT INTO "program" VALUES(1,'CMI','Certified Medical Illustrator',5,3500,30,30,14,'America/New_York');
CREATE TABLE registration (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	event_day_id INTEGER NOT NULL, 
	source VARCHAR(40) NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(event_day_id) REFERENCES eventday (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (member_id, event_day_id)
);
INSERT INTO "registration" VALUES(1,1,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(2,1,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(3,1,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(4,2,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(5,2,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(6,2,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(7,4,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(8,4,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(9,4,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(10,7,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(11,7,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(12,7,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(13,9,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(14,9,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(15,12,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(16,12,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(17,8,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(18,8,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(19,8,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(20,6,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(21,6,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(22,6,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(23,13,1,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(24,13,2,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(25,13,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(26,11,3,'import','2025-09-30 13:00:00.000000');
INSERT INTO "registration" VALUES(27,1,4,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(28,1,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(29,1,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(30,2,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(31,2,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(32,5,4,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(33,5,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(34,5,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(35,13,4,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(36,13,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(37,13,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(38,4,4,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(39,4,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(40,4,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(41,11,4,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(42,11,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(43,11,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(44,10,5,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(45,10,6,'import','2026-10-20 13:00:00.000000');
INSERT INTO "registration" VALUES(46,1,7,'import','2026-11-22 14:00:00.000000');
INSERT INTO "registration" VALUES(47,1,8,'import','2026-11-22 14:00:00.000000');
INSERT INTO "registration" VALUES(48,9,7,'import','2026-11-22 14:00:00.000000');
INSERT INTO "registration" VALUES(49,9,8,'import','2026-11-22 14:00:00.000000');
INSERT INTO "registration" VALUES(50,10,7,'import','2026-11-22 14:00:00.000000');
CREATE TABLE "renewalapplication" (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	term_id INTEGER NOT NULL, 
	fee_reference VARCHAR(100) NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	verified_at DATETIME, 
	verified_by INTEGER, 
	attested_at DATETIME, 
	fee_cents INTEGER DEFAULT '0' NOT NULL, 
	currency VARCHAR(3) DEFAULT 'USD' NOT NULL, 
	paid_at DATETIME, 
	payment_method VARCHAR(40) DEFAULT '' NOT NULL, 
	payment_recorded_by INTEGER, 
	return_reason VARCHAR(2000) DEFAULT '' NOT NULL, 
	next_term_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_renewal_payment_recorded_by FOREIGN KEY(payment_recorded_by) REFERENCES member (id), 
	CONSTRAINT fk_renewal_next_term FOREIGN KEY(next_term_id) REFERENCES certificationterm (id), 
	FOREIGN KEY(term_id) REFERENCES certificationterm (id), 
	UNIQUE (term_id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	FOREIGN KEY(verified_by) REFERENCES member (id)
);
INSERT INTO "renewalapplication" VALUES(1,4,3,'','SUBMITTED','2026-11-29 00:40:58.000000',NULL,NULL,'2026-11-29 00:40:58.000000',15000,'USD',NULL,'',NULL,'',NULL);
INSERT INTO "renewalapplication" VALUES(2,7,6,'CHK-20418','SUBMITTED','2026-11-26 00:40:58.000000',NULL,NULL,'2026-11-26 00:40:58.000000',15000,'USD','2026-11-28 00:40:58.000000','recorded by staff',3,'',NULL);
CREATE TABLE rolegrant (
	id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	role VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES member (id), 
	UNIQUE (member_id, role)
);
INSERT INTO "rolegrant" VALUES(1,1,'MEMBER');
INSERT INTO "rolegrant" VALUES(2,2,'REVIEWER');
INSERT INTO "rolegrant" VALUES(3,2,'MEMBER');
INSERT INTO "rolegrant" VALUES(4,3,'STAFF');
INSERT INTO "rolegrant" VALUES(5,4,'MEMBER');
INSERT INTO "rolegrant" VALUES(6,5,'MEMBER');
INSERT INTO "rolegrant" VALUES(7,6,'MEMBER');
INSERT INTO "rolegrant" VALUES(8,7,'MEMBER');
INSERT INTO "rolegrant" VALUES(9,8,'MEMBER');
INSERT INTO "rolegrant" VALUES(10,9,'MEMBER');
INSERT INTO "rolegrant" VALUES(11,10,'MEMBER');
INSERT INTO "rolegrant" VALUES(12,11,'MEMBER');
INSERT INTO "rolegrant" VALUES(13,12,'MEMBER');
INSERT INTO "rolegrant" VALUES(14,13,'MEMBER');
CREATE UNIQUE INDEX ix_member_email ON member (email);
CREATE UNIQUE INDEX ix_member_member_number ON member (member_number);
CREATE UNIQUE INDEX ix_member_username ON member (username);
CREATE INDEX ix_audit_log_action ON audit_log (action);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_cap_group_program_id ON cap_group (program_id);
CREATE INDEX ix_certificationterm_member_id ON certificationterm (member_id);
CREATE INDEX ix_loginattempt_at ON loginattempt (at);
CREATE INDEX ix_loginattempt_member_id ON loginattempt (member_id);
CREATE INDEX ix_loginsession_member_id ON loginsession (member_id);
CREATE INDEX ix_passwordreset_member_id ON passwordreset (member_id);
CREATE INDEX ix_rolegrant_member_id ON rolegrant (member_id);
CREATE INDEX ix_category_program_id ON category (program_id);
CREATE INDEX ix_eventday_activity_id ON eventday (activity_id);
CREATE INDEX ix_eventsubmission_activity_id ON eventsubmission (activity_id);
CREATE INDEX ix_eventsubmission_member_id ON eventsubmission (member_id);
CREATE INDEX ix_certificate_member_id ON certificate (member_id);
CREATE UNIQUE INDEX ix_certificate_number ON certificate (number);
CREATE INDEX ix_daycredit_member_id ON daycredit (member_id);
CREATE INDEX ix_registration_event_day_id ON registration (event_day_id);
CREATE INDEX ix_registration_member_id ON registration (member_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE INDEX ix_approvalattachment_request_id ON approvalattachment (request_id);
CREATE INDEX ix_approvalmessage_request_id ON approvalmessage (request_id);
CREATE INDEX ix_activity_kind_ends_on ON activity (kind, ends_on);
CREATE INDEX ix_approvalrequest_member_id ON approvalrequest (member_id);
CREATE INDEX ix_creditclaim_member_id ON creditclaim (member_id);
CREATE INDEX ix_renewalapplication_member_id ON renewalapplication (member_id);
COMMIT;
