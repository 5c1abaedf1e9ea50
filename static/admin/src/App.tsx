import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { SiteDefaults } from '../../../src/contracts';
import { adminApi } from '../../shared/api';
import { SaveStatus, useVersionedForm, VersionedFormPage, type VersionedFormProps } from '../../shared/VersionedFormPage';
import { Section } from '../../shared/ui';
import { useFieldHighlight } from '../../shared/fieldHighlight';
import { DorEditor, ListInput, NumberInput, PercentsEditor, WorkTypeRulesEditor } from '../../shared/forms';

export function App() {
  return (
    <VersionedFormPage
      loadMe={() => adminApi('whoAmI')}
      loadData={() => adminApi('getSiteDefaults')}
      loadingLabel="Loading site defaults…"
      renderForm={(me, data, form) => (
        <DefaultsForm defaults={data.defaults} version={data.version} canAdminister={me.can.administer} {...form} />
      )}
    />
  );
}

function DefaultsForm({
  defaults,
  version,
  canAdminister,
  ...form
}: {
  defaults: SiteDefaults;
  version: number;
  canAdminister: boolean;
} & VersionedFormProps) {
  const { value, update, saving, saved, error, save } = useVersionedForm(defaults, form, (value) =>
    adminApi('saveSiteDefaults', { defaults: value, baseVersion: version }),
  );
  useFieldHighlight(error);
  const disabled = !canAdminister;
  const sum = value.workTypes.reduce((t, w) => t + (value.defaultAllocation[w.id] ?? 0), 0);
  return (
    <main style={{ padding: `${token('space.200')} ${token('space.300')}`, color: token('color.text'), maxWidth: 1100 }}>
      <Heading size="large" as="h1">Backlog balance: site defaults</Heading>
      <p style={{ color: token('color.text.subtle') }}>
        New team projects start from these. {disabled ? 'Only Jira administrators can change them.' : ''}
      </p>
      <Section id="work-types" title="Work types and rules">
        <WorkTypeRulesEditor fieldRoot="defaults" disabled={disabled} workTypes={value.workTypes} rules={value.workTypeRules} defaultWorkType={value.defaultWorkType} onChange={(n) => update({ workTypes: n.workTypes, workTypeRules: n.rules, defaultWorkType: n.defaultWorkType })} />
      </Section>
      <Section id="allocation" title="Default allocation">
        <PercentsEditor field="defaults.defaultAllocation" workTypes={value.workTypes} value={value.defaultAllocation} disabled={disabled} onChange={(defaultAllocation) => update({ defaultAllocation })} />
        <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', marginTop: token('space.100') }}>
          <input type="checkbox" disabled={disabled} checked={value.flowUnusedSlice} onChange={(e) => update({ flowUnusedSlice: e.target.checked })} />
          Let unused slice capacity flow to other work types
        </label>
      </Section>
      <Section id="refinement" title="Refinement defaults">
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: token('space.300') }}>
          <DorEditor value={value.dor} disabled={disabled} onChange={(dor) => update({ dor })} />
          <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignContent: 'start' }}>
            <NumberInput field="defaults.splitLimit.fractionOfCapacity" label="Split above (share of capacity)" min={0.1} max={1} step={0.05} disabled={disabled} value={value.splitLimit.fractionOfCapacity} onChange={(v) => update({ splitLimit: { ...value.splitLimit, fractionOfCapacity: v ?? 0.5 } })} />
            <NumberInput field="defaults.splitLimit.maxPoints" label="Split above (points)" min={1} disabled={disabled} value={value.splitLimit.maxPoints} onChange={(v) => update({ splitLimit: { ...value.splitLimit, maxPoints: v } })} />
            <NumberInput field="defaults.staleDays" label="Stale after (days)" min={1} disabled={disabled} value={value.staleDays} onChange={(v) => update({ staleDays: v ?? 180 })} />
            <NumberInput field="defaults.planIterations" label="Iterations to plan" min={1} max={6} disabled={disabled} value={value.planIterations} onChange={(v) => update({ planIterations: v ?? 2 })} />
          </div>
        </div>
      </Section>
      <Section
        id="editors"
        title="Who may edit allocations"
        description="Project admins always may; add Jira groups. Jira shows project-role membership only to administrators, so roles work only for them: name a group for everyone else."
      >
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap' }}>
          <ListInput field="defaults.editors.groups" label="Groups" disabled={disabled} value={value.editors.groups} onChange={(groups) => update({ editors: { ...value.editors, groups } })} />
          <ListInput field="defaults.editors.roles" label="Roles (administrators only)" disabled={disabled} value={value.editors.roles} onChange={(roles) => update({ editors: { ...value.editors, roles } })} />
          <ListInput field="defaults.programProjects" label="Program projects" disabled={disabled} value={value.programProjects} onChange={(programProjects) => update({ programProjects })} />
        </div>
      </Section>
      <div style={{ marginTop: token('space.300'), display: 'grid', gap: token('space.100') }}>
        <SaveStatus error={error} saved={saved} savedText="Defaults saved." onReload={form.onReload} />
        <div>
          <Button appearance="primary" isDisabled={disabled || sum !== 100} isLoading={saving} onClick={() => void save()}>
            Save defaults
          </Button>
        </div>
      </div>
    </main>
  );
}
