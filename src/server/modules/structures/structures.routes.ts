import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Page } from '../../../contracts/common.js';
import {
  ActionItem, ActionItemCreate, ActionItemList, ActionItemQuery, ActionItemUpdate, AppointmentOrder, AppointmentOrderCreate,
  AppointmentOrderList, AppointmentOrderUpdate, BorderCentre, BorderCentreCreate, BorderCentreList, BorderCentreQuery, BorderCentreStaff,
  BorderCentreStaffCreate, BorderCentreStaffList, BorderCentreStaffQuery, BorderCentreStaffUpdate, BorderCentreUpdate, Committee,
  CommitteeCreate, CommitteeList, CommitteeMember, CommitteeMemberCreate, CommitteeMemberList, CommitteeMemberQuery, CommitteeMemberUpdate,
  CommitteeQuery, CommitteeUpdate, DOCUMENT_MAX_BYTES, Mdt, MdtCreate, MdtList, MdtMember, MdtMemberCreate, MdtMemberList, MdtMemberQuery,
  MdtMemberUpdate, MdtQuery, MdtUpdate, Meeting, MeetingCreate, MeetingList, MeetingUpdate, OnCall, OnCallQuery, OverdueActionItemList,
  Roster, RosterQuery, RosterUpdate, SubdistrictCentre, SubdistrictCentreCreate, SubdistrictCentreList, SubdistrictCentreQuery,
  SubdistrictCentreUpdate, Volunteer, VolunteerCreate, VolunteerList, VolunteerQuery, VolunteerUpdate,
} from '../../../contracts/structures.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createCommitteeService } from './committees.service.js';
import { createCommunityService } from './community.service.js';
import { contentDisposition } from './documents.js';
import { createTeamService } from './teams.service.js';

/** A 5 MB file as base64 (4/3 of it) plus room for the order's other fields. */
const DOCUMENT_BODY_LIMIT = Math.ceil(DOCUMENT_MAX_BYTES / 3) * 4 + 64 * 1024;

/**
 * The network's structures (issue 3). Every network member (`network.read`) reads them; writes need
 * `network.manage` and, per record, `canManageStructure`: national managers edit any, a provincial
 * centre its own province's, and national-level committees are national only (403 otherwise).
 */
export const structuresRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const committeesSvc = createCommitteeService(deps);
  const teams = createTeamService(deps);
  const community = createCommunityService(deps);
  const Id = z.object({ id: z.uuid() });
  const read = 'network.read' as const;
  const manage = 'network.manage' as const;

  // ---------------------------------------------------------------- committees
  {
    const tags = ['structures: committees'];
    app.get('/committees', {
      config: { access: read },
      schema: { tags, summary: 'Committees: national, coordinating, provincial sub-committees, others', querystring: CommitteeQuery, response: { 200: CommitteeList } },
    }, async (req) => committeesSvc.list(req.query));

    app.post('/committees', {
      config: { access: manage },
      schema: { tags, summary: 'Create a committee (one national, one coordinating, one sub-committee per province)', body: CommitteeCreate, response: { 201: Committee } },
    }, async (req, reply) => reply.code(201).send(await committeesSvc.create(actorOf(req), req.body, auditContext(req))));

    app.get('/committees/:id', {
      config: { access: read },
      schema: { tags, summary: 'A committee', params: Id, response: { 200: Committee } },
    }, async (req) => committeesSvc.get(req.params.id));

    app.patch('/committees/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a committee (names, secretariat, active)', params: Id, body: CommitteeUpdate, response: { 200: Committee } },
    }, async (req) => committeesSvc.update(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/committees/:id/members', {
      config: { access: read },
      schema: { tags, summary: 'Members and their terms (`current=true`: terms covering today)', params: Id, querystring: CommitteeMemberQuery, response: { 200: CommitteeMemberList } },
    }, async (req) => committeesSvc.members(req.params.id, req.query));

    app.post('/committees/:id/members', {
      config: { access: manage },
      schema: { tags, summary: 'Add a member; a term overlapping the same person\'s other term is refused (422)', params: Id, body: CommitteeMemberCreate, response: { 201: CommitteeMember } },
    }, async (req, reply) => reply.code(201).send(await committeesSvc.addMember(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.patch('/committee-members/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a member (role, term …)', params: Id, body: CommitteeMemberUpdate, response: { 200: CommitteeMember } },
    }, async (req) => committeesSvc.updateMember(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/committees/:id/orders', {
      config: { access: read },
      schema: { tags, summary: 'Appointment orders, newest first', params: Id, querystring: Page, response: { 200: AppointmentOrderList } },
    }, async (req) => committeesSvc.orders(req.params.id, req.query));

    app.post('/committees/:id/orders', {
      config: { access: manage },
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: { tags, summary: 'Record an appointment order, optionally with the signed document (PDF/JPEG/PNG as base64, ≤ 5 MB)', params: Id, body: AppointmentOrderCreate, response: { 201: AppointmentOrder } },
    }, async (req, reply) => reply.code(201).send(await committeesSvc.addOrder(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.patch('/appointment-orders/:id', {
      config: { access: manage },
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: { tags, summary: 'Update an appointment order; a document replaces the attached one, null removes it', params: Id, body: AppointmentOrderUpdate, response: { 200: AppointmentOrder } },
    }, async (req) => committeesSvc.updateOrder(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/documents/:id', {
      config: { access: read },
      schema: {
        tags, summary: 'Download a document (as an attachment; every download is audited)', params: Id,
        response: { 200: z.string().meta({ format: 'binary', description: 'the file, with its content type' }) },
      },
    }, async (req, reply) => {
      const d = await committeesSvc.download(req.params.id, auditContext(req));
      return reply.type(d.contentType).header('content-disposition', contentDisposition(d.filename))
        .header('x-content-sha256', d.sha256.trim())
        // A Buffer is sent as it is: Fastify skips the serializer (the schema above only documents the file).
        .send(d.content as unknown as string);
    });

    app.get('/committees/:id/meetings', {
      config: { access: read },
      schema: { tags, summary: 'Meetings of a committee, newest first', params: Id, querystring: Page, response: { 200: MeetingList } },
    }, async (req) => committeesSvc.meetings(req.params.id, req.query));

    app.post('/committees/:id/meetings', {
      config: { access: manage },
      schema: { tags, summary: 'Record a meeting: agenda, attendance, guests, resolutions and action items', params: Id, body: MeetingCreate, response: { 201: Meeting } },
    }, async (req, reply) => reply.code(201).send(await committeesSvc.createMeeting(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.get('/meetings/:id', {
      config: { access: read },
      schema: { tags, summary: 'A meeting with its agenda, attendance, resolutions and action items', params: Id, response: { 200: Meeting } },
    }, async (req) => committeesSvc.meeting(req.params.id));

    app.patch('/meetings/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a meeting; lists given replace the meeting\'s', params: Id, body: MeetingUpdate, response: { 200: Meeting } },
    }, async (req) => committeesSvc.updateMeeting(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.post('/meetings/:id/action-items', {
      config: { access: manage },
      schema: { tags, summary: 'Add an action item (a responsible organisation is required)', params: Id, body: ActionItemCreate, response: { 201: ActionItem } },
    }, async (req, reply) => reply.code(201).send(await committeesSvc.addActionItem(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.patch('/action-items/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update an action item (status, due date …); done stamps completedAt', params: Id, body: ActionItemUpdate, response: { 200: ActionItem } },
    }, async (req) => committeesSvc.updateActionItem(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/committees/:id/action-items', {
      config: { access: read },
      schema: { tags, summary: 'Action items of a committee by due date (`overdue=true`: past due and not done)', params: Id, querystring: ActionItemQuery, response: { 200: ActionItemList } },
    }, async (req) => committeesSvc.committeeActionItems(req.params.id, req.query));

    app.get('/action-items/overdue', {
      config: { access: read },
      schema: { tags, summary: 'Overdue action items of the committees the caller\'s organisation is secretariat of (network managers: all they may edit)', querystring: Page, response: { 200: OverdueActionItemList } },
    }, async (req) => committeesSvc.overdue(actorOf(req), req.query));
  }

  // ---------------------------------------------------------------- multidisciplinary teams
  {
    const tags = ['structures: multidisciplinary teams'];
    app.get('/mdts', {
      config: { access: read },
      schema: { tags, summary: 'Multidisciplinary teams by province (and border centre)', querystring: MdtQuery, response: { 200: MdtList } },
    }, async (req) => teams.listMdts(req.query));

    app.post('/mdts', {
      config: { access: manage },
      schema: { tags, summary: 'Create a team', body: MdtCreate, response: { 201: Mdt } },
    }, async (req, reply) => reply.code(201).send(await teams.createMdt(actorOf(req), req.body, auditContext(req))));

    app.get('/mdts/:id', {
      config: { access: read },
      schema: { tags, summary: 'A team', params: Id, response: { 200: Mdt } },
    }, async (req) => teams.getMdt(req.params.id));

    app.patch('/mdts/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a team', params: Id, body: MdtUpdate, response: { 200: Mdt } },
    }, async (req) => teams.updateMdt(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/mdts/:id/members', {
      config: { access: read },
      schema: { tags, summary: 'Members of a team', params: Id, querystring: MdtMemberQuery, response: { 200: MdtMemberList } },
    }, async (req) => teams.mdtMembers(req.params.id, req.query));

    app.post('/mdts/:id/members', {
      config: { access: manage },
      schema: { tags, summary: 'Add a member: a user, or a named person with an organisation', params: Id, body: MdtMemberCreate, response: { 201: MdtMember } },
    }, async (req, reply) => reply.code(201).send(await teams.addMdtMember(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.patch('/mdt-members/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a team member', params: Id, body: MdtMemberUpdate, response: { 200: MdtMember } },
    }, async (req) => teams.updateMdtMember(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/mdts/:id/roster', {
      config: { access: read },
      schema: { tags, summary: 'The on-call roster between two dates (at most 93 days)', params: Id, querystring: RosterQuery, response: { 200: Roster } },
    }, async (req) => teams.roster(req.params.id, req.query));

    app.put('/mdts/:id/roster', {
      config: { access: manage },
      schema: { tags, summary: 'Set who is on call on the days given (other days are kept)', params: Id, body: RosterUpdate, response: { 200: Roster } },
    }, async (req) => teams.setRoster(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/mdts/:id/on-call', {
      config: { access: read },
      schema: { tags, summary: 'Who is on call on a day, with their organisation\'s 24-hour line (audited)', params: Id, querystring: OnCallQuery, response: { 200: OnCall } },
    }, async (req) => teams.onCall(req.params.id, req.query.date, auditContext(req)));
  }

  // ---------------------------------------------------------------- border integration centres
  {
    const tags = ['structures: border integration centres'];
    app.get('/border-centres', {
      config: { access: read },
      schema: { tags, summary: 'Border integration centres', querystring: BorderCentreQuery, response: { 200: BorderCentreList } },
    }, async (req) => teams.listCentres(req.query));

    app.post('/border-centres', {
      config: { access: manage },
      schema: { tags, summary: 'Create a border integration centre', body: BorderCentreCreate, response: { 201: BorderCentre } },
    }, async (req, reply) => reply.code(201).send(await teams.createCentre(actorOf(req), req.body, auditContext(req))));

    app.get('/border-centres/:id', {
      config: { access: read },
      schema: { tags, summary: 'A border integration centre', params: Id, response: { 200: BorderCentre } },
    }, async (req) => teams.getCentre(req.params.id));

    app.patch('/border-centres/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a border integration centre', params: Id, body: BorderCentreUpdate, response: { 200: BorderCentre } },
    }, async (req) => teams.updateCentre(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/border-centres/:id/staff', {
      config: { access: read },
      schema: { tags, summary: 'Staff seconded to the centre (`current=true`: seconded today)', params: Id, querystring: BorderCentreStaffQuery, response: { 200: BorderCentreStaffList } },
    }, async (req) => teams.staff(req.params.id, req.query));

    app.post('/border-centres/:id/staff', {
      config: { access: manage },
      schema: { tags, summary: 'Record a secondment', params: Id, body: BorderCentreStaffCreate, response: { 201: BorderCentreStaff } },
    }, async (req, reply) => reply.code(201).send(await teams.addStaff(actorOf(req), req.params.id, req.body, auditContext(req))));

    app.patch('/border-centre-staff/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a secondment', params: Id, body: BorderCentreStaffUpdate, response: { 200: BorderCentreStaff } },
    }, async (req) => teams.updateStaff(actorOf(req), req.params.id, req.body, auditContext(req)));
  }

  // ---------------------------------------------------------------- sub-district centres and volunteers
  {
    const tags = ['structures: community'];
    app.get('/subdistrict-centres', {
      config: { access: read },
      schema: { tags, summary: 'Sub-district information centres with their leader\'s name and phone: every read audited', querystring: SubdistrictCentreQuery, response: { 200: SubdistrictCentreList } },
    }, async (req) => community.listCentres(req.query, auditContext(req)));

    app.post('/subdistrict-centres', {
      config: { access: manage },
      schema: { tags, summary: 'Create a sub-district information centre (one per sub-district)', body: SubdistrictCentreCreate, response: { 201: SubdistrictCentre } },
    }, async (req, reply) => reply.code(201).send(await community.createCentre(actorOf(req), req.body, auditContext(req))));

    app.get('/subdistrict-centres/:id', {
      config: { access: read },
      schema: { tags, summary: 'A sub-district information centre (audited)', params: Id, response: { 200: SubdistrictCentre } },
    }, async (req) => community.getCentre(req.params.id, auditContext(req)));

    app.patch('/subdistrict-centres/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a sub-district information centre', params: Id, body: SubdistrictCentreUpdate, response: { 200: SubdistrictCentre } },
    }, async (req) => community.updateCentre(actorOf(req), req.params.id, req.body, auditContext(req)));

    app.get('/volunteers', {
      config: { access: read },
      schema: { tags, summary: 'Community volunteers (อพม.) with names and phones: network members only, every read audited', querystring: VolunteerQuery, response: { 200: VolunteerList } },
    }, async (req) => community.listVolunteers(req.query, auditContext(req)));

    app.post('/volunteers', {
      config: { access: manage },
      schema: { tags, summary: 'Register a volunteer', body: VolunteerCreate, response: { 201: Volunteer } },
    }, async (req, reply) => reply.code(201).send(await community.createVolunteer(actorOf(req), req.body, auditContext(req))));

    app.get('/volunteers/:id', {
      config: { access: read },
      schema: { tags, summary: 'A volunteer (audited)', params: Id, response: { 200: Volunteer } },
    }, async (req) => community.getVolunteer(req.params.id, auditContext(req)));

    app.patch('/volunteers/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Update a volunteer (area, phone, trainings, active)', params: Id, body: VolunteerUpdate, response: { 200: Volunteer } },
    }, async (req) => community.updateVolunteer(actorOf(req), req.params.id, req.body, auditContext(req)));
  }
};
